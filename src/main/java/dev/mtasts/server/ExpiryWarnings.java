package dev.mtasts.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to warn that a certificate approaches its expiry: as it crosses 60, 13 and 4 days left (as the
 * certificate monitoring services do), once per crossing, not at every check. A certificate replaced by one
 * with more time left arms the warnings again.
 */
final class ExpiryWarnings {

    /** Days left at which a warning is due, farthest first. */
    static final List<Integer> THRESHOLDS = List.of(60, 13, 4);

    private final Map<String, Integer> warnedAt = new ConcurrentHashMap<>();

    /** The threshold (in days) that the certificate of {@code key} crossed since it was last seen, if any. */
    OptionalInt crossed(String key, Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        OptionalInt level = OptionalInt.empty();
        for (int days : THRESHOLDS) {
            if (left.compareTo(Duration.ofDays(days)) <= 0) {
                level = OptionalInt.of(days);
            }
        }
        if (level.isEmpty()) {
            warnedAt.remove(key);
            return level;
        }
        Integer before = warnedAt.put(key, level.getAsInt());
        return before == null || level.getAsInt() < before ? level : OptionalInt.empty();
    }

    /** Forgets the certificates not in {@code keys} (an MX no longer used). */
    void retain(Set<String> keys) {
        warnedAt.keySet().retainAll(keys);
    }
}
