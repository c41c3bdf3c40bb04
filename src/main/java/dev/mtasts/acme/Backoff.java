package dev.mtasts.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The retry table after a failed attempt: 1, 2, 5, 10, 30 minutes, then 1, 2, 4 and at most 6 hours,
 * plus up to 10% random jitter. A CA's Retry-After is always honoured (never retried earlier); a rate
 * limit without Retry-After waits at least an hour. For certificates that live less than the table's
 * steps (test CAs with seconds-long certificates) a step is cut to a tenth of the lifetime, never below
 * ten seconds, so a short certificate is retried before it expires without hammering the CA. Tests may
 * shrink every wait by a scale factor (1 in production) to walk the table in seconds.
 */
public final class Backoff {

    static final List<Duration> TABLE = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(4), Duration.ofHours(6));
    static final Duration FLOOR = Duration.ofSeconds(10);
    static final Duration RATE_LIMIT_MINIMUM = Duration.ofHours(1);

    private final double scale;

    public Backoff() {
        this(1.0);
    }

    /** @param scale multiplies every wait of the table, the floor and the rate-limit minimum; in (0, 1] */
    public Backoff(double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("backoff scale must be in (0, 1], not " + scale);
        }
        this.scale = scale;
    }

    /**
     * @param failures consecutive failures including this one (1 after the first failure)
     * @param failure what failed, with the CA's Retry-After if any
     * @param lifetime lifetime of the current certificate, if there is one
     */
    public Instant retryAt(int failures, IssuanceException failure, Optional<Duration> lifetime, Instant now,
            RandomGenerator random) {
        Duration step = scaled(TABLE.get(Math.min(Math.max(failures, 1), TABLE.size()) - 1));
        if (lifetime.isPresent()) {
            Duration cap = max(lifetime.get().dividedBy(10), scaled(FLOOR));
            step = step.compareTo(cap) > 0 ? cap : step;
        }
        if (failure.reason() == FailureReason.RATE_LIMITED && failure.retryAfter().isEmpty()) {
            step = max(step, scaled(RATE_LIMIT_MINIMUM));
        }
        Instant at = now.plus(step).plus(RenewalPlanner.fraction(step, 0.1 * random.nextDouble()));
        Optional<Instant> retryAfter = failure.retryAfter();
        return retryAfter.isPresent() && retryAfter.get().isAfter(at) ? retryAfter.get() : at;
    }

    private Duration scaled(Duration d) {
        return scale == 1.0 ? d : RenewalPlanner.fraction(d, scale);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
