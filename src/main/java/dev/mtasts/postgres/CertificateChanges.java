package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which certificates changed since the last look, by their change numbers (with the look-back of
 * {@link ChangeCursor}, for numbers taken by transactions that commit late). The first look (and the one
 * after {@link #reset}) reports every domain. One thread uses it.
 */
final class CertificateChanges {

    private static final String CHANGED = "SELECT domain, change_seq FROM certificates WHERE change_seq > ?";

    private final Database db;
    private final ChangeCursor cursor = new ChangeCursor();

    CertificateChanges(Database db) {
        this.db = db;
    }

    /** The next look reports every domain again. */
    void reset() {
        cursor.reset();
    }

    /** The largest change number seen so far. */
    long highest() {
        return cursor.highest();
    }

    /** The domains whose certificate changed since the last look; remembered as reported. */
    List<String> changed() throws StoreException {
        long from = cursor.from();
        Map<String, Long> rows = db.call("reading the changed certificates", c -> {
            try (PreparedStatement s = c.prepareStatement(CHANGED)) {
                s.setLong(1, from);
                Map<String, Long> found = new HashMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.put(r.getString(1), r.getLong(2));
                    }
                }
                return found;
            }
        });
        List<String> changed = new ArrayList<>();
        rows.forEach((domain, seq) -> {
            if (cursor.changed(domain, seq)) {
                changed.add(domain);
            }
        });
        changed.sort(null);
        return changed;
    }
}
