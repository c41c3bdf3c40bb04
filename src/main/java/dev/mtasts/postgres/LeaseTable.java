package dev.mtasts.postgres;

import dev.mtasts.store.LeaseHolder;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The {@code leases} table: one row per domain, expiry on the database clock, a token that grows by one at
 * every takeover and is never reset. Each operation is one statement (no session state, no advisory lock),
 * so it works through PgBouncer in transaction mode.
 */
final class LeaseTable {

    /** Inserts the row, or takes it over only once it expired or was released; the token grows either way. */
    private static final String TAKE = """
            INSERT INTO leases AS l (domain, holder, token, acquired_at, expires_at)
            VALUES (?, ?, 1, now(), now() + ? * interval '1 millisecond')
            ON CONFLICT (domain) DO UPDATE
                SET holder = excluded.holder, token = l.token + 1, acquired_at = now(), expires_at = excluded.expires_at
                WHERE l.expires_at <= now()
            RETURNING token, (extract(epoch FROM expires_at - now()) * 1000)::bigint""";
    private static final String EXTEND = """
            UPDATE leases SET expires_at = now() + ? * interval '1 millisecond'
            WHERE domain = ? AND token = ? AND expires_at > now()
            RETURNING (extract(epoch FROM expires_at - now()) * 1000)::bigint""";
    private static final String RELEASE = """
            UPDATE leases SET expires_at = now() WHERE domain = ? AND token = ? AND expires_at > now()""";
    private static final String HOLDER = """
            SELECT holder, token, expires_at FROM leases WHERE domain = ? AND expires_at > now()""";

    private static final String HOLDERS = """
            SELECT domain, holder, token, expires_at FROM leases WHERE expires_at > now()""";

    /** A lease just taken: its fencing token and the time left on the database clock. */
    record Grant(long token, Duration remaining) {
    }

    private final Database db;
    private final String node;

    LeaseTable(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    String node() {
        return node;
    }

    /** The lease of {@code domain} for this node when nobody holds it, else empty. */
    Optional<Grant> take(String domain, Duration leaseTime) throws StoreException {
        return db.call("taking the lease of " + domain, c -> {
            try (PreparedStatement s = c.prepareStatement(TAKE)) {
                s.setString(1, domain);
                s.setString(2, node);
                s.setLong(3, leaseTime.toMillis());
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Grant(r.getLong(1), Duration.ofMillis(r.getLong(2))))
                            : Optional.empty();
                }
            }
        });
    }

    /** Extends the lease held with {@code token} to {@code leaseTime} from now; the time left, or empty when it is lost. */
    Optional<Duration> extend(String domain, long token, Duration leaseTime) throws StoreException {
        return db.call("renewing the lease of " + domain, c -> {
            try (PreparedStatement s = c.prepareStatement(EXTEND)) {
                s.setLong(1, leaseTime.toMillis());
                s.setString(2, domain);
                s.setLong(3, token);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(Duration.ofMillis(r.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    /** Ends the lease held with {@code token} now; the row stays, so the next holder's token is larger. */
    void release(String domain, long token) throws StoreException {
        db.run("releasing the lease of " + domain, c -> {
            try (PreparedStatement s = c.prepareStatement(RELEASE)) {
                s.setString(1, domain);
                s.setLong(2, token);
                s.executeUpdate();
            }
        });
    }

    Optional<LeaseHolder> holder(String domain) throws StoreException {
        return db.call("reading the lease of " + domain, c -> {
            try (PreparedStatement s = c.prepareStatement(HOLDER)) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new LeaseHolder(r.getString(1), r.getLong(2),
                            r.getObject(3, OffsetDateTime.class).toInstant())) : Optional.empty();
                }
            }
        });
    }

    /** Every lease held now, by domain: one query for a status page of many domains. */
    java.util.Map<String, LeaseHolder> holders() throws StoreException {
        return db.call("reading the leases", c -> {
            java.util.Map<String, LeaseHolder> held = new java.util.HashMap<>();
            try (PreparedStatement s = c.prepareStatement(HOLDERS); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    held.put(r.getString(1), new LeaseHolder(r.getString(2), r.getLong(3),
                            r.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return held;
        });
    }
}
