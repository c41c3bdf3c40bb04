package dev.mtasts.postgres;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.PolicyParseResult;
import dev.mtasts.policy.PolicyParser;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runtime domains in the {@code domains} table (migration V3). A removal marks the row removed instead of
 * deleting it, so that {@link DomainChanges} reports it to the other replicas.
 */
final class PgDomainStore implements DomainStore {

    static final String COLUMNS = "domain, policy, origin, added_at, removed, change_seq";
    private static final String ALL = "SELECT " + COLUMNS + " FROM domains WHERE NOT removed";
    private static final String ONE = "SELECT " + COLUMNS + " FROM domains WHERE domain = ? AND NOT removed";
    private static final String PUT = "INSERT INTO domains (domain, policy, origin, added_at, removed) "
            + "VALUES (?, ?, ?, ?, false) ON CONFLICT (domain) DO UPDATE SET policy = EXCLUDED.policy, "
            + "origin = EXCLUDED.origin, added_at = EXCLUDED.added_at, removed = false";
    private static final String REMOVE = "UPDATE domains SET removed = true WHERE domain = ? AND NOT removed";

    private final Database db;

    PgDomainStore(Database db) {
        this.db = db;
    }

    @Override
    public Listing all() throws StoreException {
        return db.call("reading the runtime domains", c -> {
            try (PreparedStatement s = c.prepareStatement(ALL)) {
                s.setFetchSize(10_000);
                List<RuntimeDomain> found = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        try {
                            found.add(row(r));
                        } catch (IllegalArgumentException e) {
                            problems.add("domains row " + r.getString(1) + ": " + e.getMessage());
                        }
                    }
                }
                return new Listing(found, problems);
            }
        });
    }

    @Override
    public Optional<RuntimeDomain> find(String domain) throws StoreException {
        String name = DomainNames.normalize(domain);
        return db.call("reading the runtime domain " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(ONE)) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.<RuntimeDomain>empty();
                }
            }
        });
    }

    @Override
    public void put(RuntimeDomain entry) throws StoreException {
        db.run("storing the runtime domain " + entry.domain(), c -> {
            try (PreparedStatement s = c.prepareStatement(PUT)) {
                s.setString(1, entry.domain());
                s.setString(2, entry.policy().map(Policy::render).orElse(null));
                s.setString(3, entry.origin().label());
                s.setTimestamp(4, Timestamp.from(entry.added()));
                s.executeUpdate();
            }
        });
    }

    @Override
    public boolean remove(String domain) throws StoreException {
        String name = DomainNames.normalize(domain);
        return db.call("removing the runtime domain " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(REMOVE)) {
                s.setString(1, name);
                return s.executeUpdate() > 0;
            }
        });
    }

    /**
     * The entry of the current row of a query over {@link #COLUMNS}.
     *
     * @throws IllegalArgumentException when the row's policy or origin is not valid
     */
    static RuntimeDomain row(ResultSet r) throws SQLException {
        String text = r.getString(2);
        Optional<Policy> policy = Optional.empty();
        if (text != null) {
            PolicyParseResult parsed = new PolicyParser().parse(text);
            if (parsed.policy().isEmpty()) {
                throw new IllegalArgumentException("invalid policy: " + parsed.findings().get(0).message());
            }
            policy = parsed.policy();
        }
        return new RuntimeDomain(r.getString(1), policy, RuntimeDomain.Origin.fromLabel(r.getString(3)),
                r.getTimestamp(4).toInstant());
    }
}
