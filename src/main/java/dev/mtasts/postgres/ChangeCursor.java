package dev.mtasts.postgres;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a poll over {@code change_seq} got, for one table. Change numbers are taken before their
 * transaction commits, so a write can become visible after one with a larger number: each look goes back
 * {@link #LOOKBACK} numbers ({@link #from}), and a row counts as changed only when its number differs from
 * the one last reported for its key ({@link #changed}). After {@link #reset} every row counts again. One
 * thread uses it.
 */
final class ChangeCursor {

    static final long LOOKBACK = 100;

    private final Map<String, Long> reported = new HashMap<>();
    private long highest;

    /** The next look reports every row again. */
    void reset() {
        reported.clear();
        highest = 0;
    }

    /** The largest change number seen so far. */
    long highest() {
        return highest;
    }

    /** The change number to read from: rows with a larger one may be new. */
    long from() {
        return highest == 0 ? 0 : Math.max(0, highest - LOOKBACK);
    }

    /** Whether the row of {@code key} at {@code seq} was not reported yet; remembers it as reported. */
    boolean changed(String key, long seq) {
        highest = Math.max(highest, seq);
        return !Long.valueOf(seq).equals(reported.put(key, seq));
    }
}
