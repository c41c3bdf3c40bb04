package dev.mtasts.postgres;

import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The {@code renewal_status} table: what the renewal loop last decided per domain, written under the
 * domain's lease through {@link FencedWrites}. Times are kept to the microsecond (PostgreSQL's precision).
 */
final class RenewalStatusRows {

    private final Database db;
    private final FencedWrites fenced;
    private final String node;

    RenewalStatusRows(Database db, FencedWrites fenced, String node) {
        this.db = db;
        this.fenced = fenced;
        this.node = node;
    }

    RenewalStatus load(String domain) throws StoreException {
        return db.call("read the renewal status of " + domain, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT next_check, why, failures, last_error, last_error_at,"
                    + " last_renewal, issued_by, issued_why FROM renewal_status WHERE domain = ?")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return RenewalStatus.UNKNOWN;
                    }
                    return new RenewalStatus(instant(r, 1), r.getString(2), r.getInt(3),
                            Optional.ofNullable(r.getString(4)), instant(r, 5), instant(r, 6),
                            Optional.ofNullable(r.getString(7)), Optional.ofNullable(r.getString(8)));
                }
            }
        });
    }

    void save(String domain, RenewalStatus status, long token) throws StoreException {
        fenced.write("write the renewal status of " + domain, domain, token, "renewal_status", "written_by", c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO renewal_status AS old (domain, next_check, why,"
                    + " failures, last_error, last_error_at, last_renewal, fencing_token, written_by, written_at,"
                    + " issued_by, issued_why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?)"
                    + " ON CONFLICT (domain) DO UPDATE SET next_check = excluded.next_check, why = excluded.why,"
                    + " failures = excluded.failures, last_error = excluded.last_error,"
                    + " last_error_at = excluded.last_error_at, last_renewal = excluded.last_renewal,"
                    + " fencing_token = excluded.fencing_token, written_by = excluded.written_by, written_at = now(),"
                    + " issued_by = excluded.issued_by, issued_why = excluded.issued_why"
                    + " WHERE old.fencing_token <= excluded.fencing_token")) {
                s.setString(1, domain);
                setInstant(s, 2, status.nextCheck());
                s.setString(3, status.why());
                s.setInt(4, status.failures());
                s.setString(5, status.lastError().orElse(null));
                setInstant(s, 6, status.lastErrorAt());
                setInstant(s, 7, status.lastRenewal());
                s.setLong(8, token);
                s.setString(9, node);
                s.setString(10, status.issuedBy().orElse(null));
                s.setString(11, status.issuedWhy().orElse(null));
                return s.executeUpdate();
            }
        }, Optional.empty());
    }

    private static Optional<Instant> instant(ResultSet r, int column) throws SQLException {
        return Optional.ofNullable(r.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    static void setInstant(PreparedStatement s, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            s.setObject(index, value.get().atOffset(ZoneOffset.UTC));
        } else {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
