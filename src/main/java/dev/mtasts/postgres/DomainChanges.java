package dev.mtasts.postgres;

import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which runtime domains another replica added, changed or removed since the last look, read with one query
 * over {@code change_seq} (the look-back of {@link ChangeCursor}, for numbers taken by transactions that
 * commit late). The first look reports every row. One thread uses it.
 */
final class DomainChanges {

    private static final Logger LOG = LoggerFactory.getLogger(DomainChanges.class);
    private static final String CHANGED = "SELECT " + PgDomainStore.COLUMNS + " FROM domains WHERE change_seq > ?";

    /** One row's state: the entry, or empty when the row says removed. */
    record Change(String domain, Optional<RuntimeDomain> now) {
    }

    private record Row(Change change, long seq) {
    }

    private final Database db;
    private final ChangeCursor cursor = new ChangeCursor();

    DomainChanges(Database db) {
        this.db = db;
    }

    void reset() {
        cursor.reset();
    }

    long highest() {
        return cursor.highest();
    }

    List<Change> changed() throws StoreException {
        long from = cursor.from();
        List<Row> rows = db.call("reading the changed domains", c -> {
            try (PreparedStatement s = c.prepareStatement(CHANGED)) {
                s.setLong(1, from);
                s.setFetchSize(10_000);
                List<Row> found = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Optional<RuntimeDomain> now;
                        try {
                            now = r.getBoolean(5) ? Optional.empty() : Optional.of(PgDomainStore.row(r));
                        } catch (IllegalArgumentException e) {
                            LOG.error("domains row {} is not usable, ignored: {}", r.getString(1), e.getMessage());
                            now = Optional.empty();
                        }
                        found.add(new Row(new Change(r.getString(1), now), r.getLong(6)));
                    }
                }
                return found;
            }
        });
        List<Change> changed = new ArrayList<>();
        for (Row row : rows) {
            if (cursor.changed(row.change().domain(), row.seq())) {
                changed.add(row.change());
            }
        }
        return changed;
    }
}
