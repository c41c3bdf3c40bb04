package dev.mtasts.ondemand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names seen within the last {@code ttl}, at most {@code capacity} of them (the oldest go first). Entries
 * expire in the order they were added, so pruning only ever looks at the head. Not thread-safe.
 */
final class RecentNames {

    private final Duration ttl;
    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

    RecentNames(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
    }

    void add(String name) {
        if (ttl.isZero()) {
            return;
        }
        expiries.remove(name); // re-added: moves to the tail with its new expiry
        expiries.put(name, clock.instant().plus(ttl));
        prune();
    }

    boolean contains(String name) {
        Instant expiry = expiries.get(name);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            prune();
            return false;
        }
        return true;
    }

    int size() {
        prune();
        return expiries.size();
    }

    private void prune() {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, Instant>> it = expiries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (e.getValue().isAfter(now) && expiries.size() <= capacity) {
                return;
            }
            it.remove();
        }
    }
}
