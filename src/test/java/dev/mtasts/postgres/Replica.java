package dev.mtasts.postgres;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/** One replica's database roles for the postgres tests: its own pool, locker, challenge store and change feed. */
final class Replica implements AutoCloseable {

    final Database db;
    final PgLocker locker;
    final PgChallengeStore challenges;
    final ChangeFeed feed;

    private Replica(TestDatabase test, String node, Duration pollInterval, ChangeNotifications.Opener listen) {
        this.db = new Database(test.settings(node), new Health());
        this.locker = new PgLocker(db, node, Clock.systemUTC(), new Random());
        this.challenges = new PgChallengeStore(db, node, pollInterval, Clock.systemUTC());
        this.feed = new ChangeFeed(db, listen == null ? db::openDirect : listen, challenges, node, "test", pollInterval,
                Clock.systemUTC());
    }

    /** A replica whose feed is not started (the schema is migrated). */
    static Replica of(TestDatabase test, String node) throws Exception {
        Replica replica = new Replica(test, node, Duration.ofSeconds(1), null);
        replica.db.migrate();
        return replica;
    }

    /** A replica with its feed running, listening for notifications when {@code listen} is null. */
    static Replica running(TestDatabase test, String node, Duration pollInterval, ChangeNotifications.Opener listen)
            throws Exception {
        Replica replica = new Replica(test, node, pollInterval, listen);
        replica.db.migrate();
        replica.feed.start();
        return replica;
    }

    @Override
    public void close() {
        feed.close();
        locker.close();
        db.close();
    }
}
