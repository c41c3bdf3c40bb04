package dev.mtasts.postgres;

import dev.mtasts.store.IssuerState;
import dev.mtasts.store.IssuerStateStore;
import dev.mtasts.store.IssuerStateText;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Issuer states in the {@code issuer_state} table (migration V4), so every replica sees one breaker and one
 * budget per issuer. A change is a compare-and-set on the row's {@code version}, each statement on its own
 * (auto-commit), retried when another replica changed the row in between: no lock is held across statements,
 * so a replica frozen in the middle of a change (SIGSTOP, a long pause) never blocks the others' orders.
 */
final class PgIssuerStateStore implements IssuerStateStore {

    static final int ATTEMPTS = 100;
    private static final String ENSURE = "INSERT INTO issuer_state (issuer, state) VALUES (?, '') ON CONFLICT DO NOTHING";
    private static final String READ = "SELECT state, version FROM issuer_state WHERE issuer = ?";
    private static final String WRITE = "UPDATE issuer_state SET state = ?, version = version + 1, updated_at = now(),"
            + " updated_by = ? WHERE issuer = ? AND version = ?";

    private final Database db;
    private final String node;

    PgIssuerStateStore(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public IssuerState load(String issuer) throws StoreException {
        return read(issuer).map(Versioned::state).orElse(IssuerState.FRESH);
    }

    @Override
    public IssuerState update(String issuer, UnaryOperator<IssuerState> change) throws StoreException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Versioned> found = read(issuer);
            if (found.isEmpty()) { // the issuer's first change: make its row, then read it as any other
                ensureRow(issuer);
                found = read(issuer);
            }
            Versioned current = found.orElseThrow(() -> new StoreException("issuer_state row " + issuer
                    + " vanished"));
            IssuerState next = change.apply(current.state());
            int written = db.call("change the state of issuer " + issuer, c -> {
                try (PreparedStatement w = c.prepareStatement(WRITE)) {
                    w.setString(1, IssuerStateText.write(next));
                    w.setString(2, node);
                    w.setString(3, issuer);
                    w.setLong(4, current.version());
                    return w.executeUpdate();
                }
            });
            if (written == 1) {
                return next;
            }
            Thread.onSpinWait();
        }
        throw new StoreException("the state of issuer " + issuer + " changed under " + ATTEMPTS
                + " attempts in a row; try again");
    }

    private record Versioned(IssuerState state, long version) {
    }

    private void ensureRow(String issuer) throws StoreException {
        db.run("create the state of issuer " + issuer, c -> {
            try (PreparedStatement ensure = c.prepareStatement(ENSURE)) {
                ensure.setString(1, issuer);
                ensure.executeUpdate();
            }
        });
    }

    private Optional<Versioned> read(String issuer) throws StoreException {
        return db.call("read the state of issuer " + issuer, c -> {
            try (PreparedStatement s = c.prepareStatement(READ)) {
                s.setString(1, issuer);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Versioned>empty();
                    }
                    return Optional.of(new Versioned(parse(issuer, r.getString(1)), r.getLong(2)));
                }
            }
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
