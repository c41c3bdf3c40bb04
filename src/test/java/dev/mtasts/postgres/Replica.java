package dev.mtasts.postgres;

import java.time.Clock;
import java.util.Random;

/** One replica's database roles for the postgres tests: its own pool and locker. */
final class Replica implements AutoCloseable {

    final Database db;
    final PgLocker locker;

    private Replica(TestDatabase test, String node) {
        this.db = new Database(test.settings(node), new Health());
        this.locker = new PgLocker(db, node, Clock.systemUTC(), new Random());
    }

    /** A replica on a migrated schema. */
    static Replica of(TestDatabase test, String node) throws Exception {
        Replica replica = new Replica(test, node);
        replica.db.migrate();
        return replica;
    }

    @Override
    public void close() {
        locker.close();
        db.close();
    }
}
