package dev.mtasts.postgres;

import dev.mtasts.backend.Replica;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nodes} table: each replica's change feed records, after every poll, when that poll started (the
 * database clock) and the highest change number it has applied. A replica is live while it polled within
 * {@link #LIVE_POLLS} poll intervals; a writer asks which live replicas lack its change yet. Each also
 * records the digest of what it serves, so replicas whose configurations differ are noticed.
 */
final class Replicas {

    static final int LIVE_POLLS = 3;

    private static final String REPORT = """
            INSERT INTO nodes AS n (name, started_at, last_seen, seen_seq, version, served) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, last_seen = excluded.last_seen,
                seen_seq = excluded.seen_seq, version = excluded.version, served = excluded.served""";
    private static final String LIVE = """
            SELECT name, last_seen, version, served FROM nodes
            WHERE last_seen > now() - ? * interval '1 millisecond' ORDER BY name""";
    private static final String LAGGING = """
            SELECT name FROM nodes
            WHERE name <> ? AND last_seen > now() - ? * interval '1 millisecond' AND (seen_seq < ? OR last_seen < ?)
            ORDER BY name""";

    private final Database db;
    private final String node;
    private final Duration pollInterval;

    Replicas(Database db, String node, Duration pollInterval) {
        this.db = db;
        this.node = node;
        this.pollInterval = pollInterval;
    }

    /** The database's clock: a poll records when it started, before it reads anything. */
    Instant now() throws StoreException {
        return db.call("reading the database clock", c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT now()")) {
                r.next();
                return r.getObject(1, OffsetDateTime.class).toInstant();
            }
        });
    }

    /** This replica applied every change up to {@code seenSeq} that was committed before {@code pollStarted}. */
    void report(Instant pollStarted, long seenSeq, Instant startedAt, String version, String served)
            throws StoreException {
        db.run("recording this replica in nodes", c -> {
            try (PreparedStatement s = c.prepareStatement(REPORT)) {
                s.setString(1, node);
                s.setObject(2, OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC));
                s.setObject(3, OffsetDateTime.ofInstant(pollStarted, ZoneOffset.UTC));
                s.setLong(4, seenSeq);
                s.setString(5, version);
                s.setString(6, served);
                s.executeUpdate();
            }
        });
    }

    /** The live replicas, this one included (the ones that polled within {@link #LIVE_POLLS} intervals). */
    List<Replica> live() throws StoreException {
        return db.call("listing the replicas", c -> {
            try (PreparedStatement s = c.prepareStatement(LIVE)) {
                s.setLong(1, pollInterval.multipliedBy(LIVE_POLLS).toMillis());
                List<Replica> live = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        live.add(new Replica(r.getString(1), r.getObject(2, OffsetDateTime.class).toInstant(),
                                r.getString(3), r.getString(4)));
                    }
                }
                return live;
            }
        });
    }

    /** The other live replicas that have not applied {@code change} yet (no poll of theirs started after its commit). */
    List<String> lacking(ChallengeTable.Written change) throws StoreException {
        return db.call("asking which replicas have the change", c -> {
            try (PreparedStatement s = c.prepareStatement(LAGGING)) {
                s.setString(1, node);
                s.setLong(2, pollInterval.multipliedBy(LIVE_POLLS).toMillis());
                s.setLong(3, change.changeSeq());
                s.setObject(4, OffsetDateTime.ofInstant(change.committedBefore(), ZoneOffset.UTC));
                List<String> names = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        names.add(r.getString(1));
                    }
                }
                return names;
            }
        });
    }
}
