package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which certificates changed since the last look, by their change numbers. Change numbers are taken before
 * their transaction commits, so a write can become visible after one with a larger number: each look goes
 * back {@link #LOOKBACK} numbers and reports a domain only when its number differs from the one last
 * reported. The first look (and the one after {@link #reset}) reports every domain. One thread uses it.
 */
final class CertificateChanges {

    static final long LOOKBACK = 100;

    private static final String CHANGED = "SELECT domain, change_seq FROM certificates WHERE change_seq > ?";

    private final Database db;
    private final Map<String, Long> reported = new HashMap<>();
    private long highest;

    CertificateChanges(Database db) {
        this.db = db;
    }

    /** The next look reports every domain again. */
    void reset() {
        reported.clear();
        highest = 0;
    }

    /** The largest change number seen so far. */
    long highest() {
        return highest;
    }

    /** The domains whose certificate changed since the last look; remembered as reported. */
    List<String> changed() throws StoreException {
        Map<String, Long> rows = db.call("reading the changed certificates", c -> {
            try (PreparedStatement s = c.prepareStatement(CHANGED)) {
                s.setLong(1, highest == 0 ? 0 : Math.max(0, highest - LOOKBACK));
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
            if (!seq.equals(reported.put(domain, seq))) {
                changed.add(domain);
            }
            highest = Math.max(highest, seq);
        });
        changed.sort(null);
        return changed;
    }
}
