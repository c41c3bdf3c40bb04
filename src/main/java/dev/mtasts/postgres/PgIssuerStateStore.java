package dev.mtasts.postgres;

import dev.mtasts.store.IssuerState;
import dev.mtasts.store.IssuerStateStore;
import dev.mtasts.store.IssuerStateText;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.UnaryOperator;

/**
 * Issuer states in the {@code issuer_state} table (migration V4), so every replica sees one breaker and one
 * budget per issuer: a change reads the row {@code FOR UPDATE} and writes it in the same transaction.
 */
final class PgIssuerStateStore implements IssuerStateStore {

    private static final String ENSURE = "INSERT INTO issuer_state (issuer, state) VALUES (?, '') ON CONFLICT DO NOTHING";
    private static final String READ = "SELECT state FROM issuer_state WHERE issuer = ?";
    private static final String WRITE = "UPDATE issuer_state SET state = ?, updated_at = now(), updated_by = ? WHERE issuer = ?";

    private final Database db;
    private final String node;

    PgIssuerStateStore(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public IssuerState load(String issuer) throws StoreException {
        return db.call("read the state of issuer " + issuer, c -> {
            try (PreparedStatement s = c.prepareStatement(READ)) {
                s.setString(1, issuer);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? parse(issuer, r.getString(1)) : IssuerState.FRESH;
                }
            }
        });
    }

    @Override
    public IssuerState update(String issuer, UnaryOperator<IssuerState> change) throws StoreException {
        return db.transaction("change the state of issuer " + issuer, c -> {
            try (PreparedStatement ensure = c.prepareStatement(ENSURE)) {
                ensure.setString(1, issuer);
                ensure.executeUpdate();
            }
            IssuerState current;
            try (PreparedStatement s = c.prepareStatement(READ + " FOR UPDATE")) {
                s.setString(1, issuer);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    current = parse(issuer, r.getString(1));
                }
            }
            IssuerState next = change.apply(current);
            try (PreparedStatement w = c.prepareStatement(WRITE)) {
                w.setString(1, IssuerStateText.write(next));
                w.setString(2, node);
                w.setString(3, issuer);
                w.executeUpdate();
            }
            return next;
        });
    }

    private static IssuerState parse(String issuer, String text) throws StoreException {
        try {
            return IssuerStateText.read(text);
        } catch (IllegalArgumentException e) {
            throw new StoreException("issuer_state row " + issuer + ": " + e.getMessage(), e);
        }
    }
}
