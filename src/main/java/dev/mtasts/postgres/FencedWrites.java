package dev.mtasts.postgres;

import dev.mtasts.store.FencedWriteException;
import dev.mtasts.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Writes of a domain's rows that carry the writer's fencing token, refused when a newer one exists. In
 * one transaction: the domain's lease row is read {@code FOR SHARE} (a takeover, which updates it, waits
 * for this write to commit, so no write lands after a newer holder took over); a lease with a newer token
 * refuses the write; else the upsert runs with {@code WHERE fencing_token <= excluded.fencing_token}, so a
 * row already written under a newer token is not overwritten either. A refusal is recorded in
 * {@code renewal_history} (committed) and thrown as a {@link FencedWriteException} naming the newer holder.
 *
 * <p>Unfenced writes ({@code CertificateStorage.save(domain, pair)}, {@code storage migrate}, the self-signed
 * path) carry token 0: older than every lease (tokens start at 1), so they go through while no replica has
 * ever held the domain's lease and no fenced write was made, and are refused once the cluster manages the
 * domain — a file store copied in late or a fallback certificate then never replaces what the cluster
 * renewed. Rewriting a token-0 row with token 0 is allowed, so a repeated migration stays idempotent.
 */
final class FencedWrites {

    /** The token of writes made without a lease. */
    static final long UNFENCED = 0;

    /** The table-specific part of a fenced write, run inside its transaction. */
    @FunctionalInterface
    interface Upsert {
        /** @return rows written: 0 when the row holds a newer token than {@code token} */
        int apply(Connection connection) throws SQLException;
    }

    private record Refusal(String holder, long token, String source) {
    }

    private final Database db;
    private final String node;

    FencedWrites(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    /**
     * Runs {@code upsert} on {@code table} (which has {@code domain}, {@code fencing_token} and the writer's
     * name in {@code writerColumn}) when {@code token} is not older than the domain's lease and row.
     *
     * @param what the write, for messages ("store the certificate of example.com")
     * @param stored a line for {@code renewal_history} after a successful write, or empty for none
     */
    void write(String what, String domain, long token, String table, String writerColumn, Upsert upsert,
            Optional<String> stored) throws StoreException {
        Optional<Refusal> refused = db.transaction(what, c -> {
            Optional<Refusal> refusal = newerLease(c, domain, token);
            if (refusal.isEmpty() && upsert.apply(c) == 0) {
                refusal = Optional.of(newerRow(c, domain, table, writerColumn));
            }
            if (refusal.isPresent()) {
                RenewalHistory.append(c, domain, node, RenewalHistory.REFUSED, what + " with fencing token " + token
                        + ": " + describe(refusal.get()));
            } else if (stored.isPresent()) {
                RenewalHistory.append(c, domain, node, RenewalHistory.STORED, stored.get());
            }
            return refusal;
        });
        if (refused.isPresent()) {
            throw new FencedWriteException("refused to " + what + " with fencing token " + token + " (" + node + "): "
                    + describe(refused.get()) + "; this process lost the domain's lease");
        }
    }

    private static String describe(Refusal refusal) {
        return refusal.source() + " of " + refusal.holder() + " has the newer token " + refusal.token();
    }

    private static Optional<Refusal> newerLease(Connection c, String domain, long token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT token, holder FROM leases WHERE domain = ? FOR SHARE")) {
            s.setString(1, domain);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getLong(1) > token) {
                    return Optional.of(new Refusal(r.getString(2), r.getLong(1), "the lease"));
                }
                return Optional.empty();
            }
        }
    }

    private static Refusal newerRow(Connection c, String domain, String table, String writerColumn)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT fencing_token, " + writerColumn + " FROM " + table + " WHERE domain = ?")) {
            s.setString(1, domain);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("the " + table + " row of " + domain + " vanished during a fenced write");
                }
                return new Refusal(r.getString(2), r.getLong(1), "the stored " + table.replace('_', ' ') + " row");
            }
        }
    }
}
