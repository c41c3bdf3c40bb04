package dev.mtasts.ondemand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A rate limit: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Not thread-safe. */
final class TokenBucket {

    private final double ratePerSecond;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private Instant refilled;

    /** @param ratePerSecond 0 means no limit */
    TokenBucket(int ratePerSecond, int burst, Clock clock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
        this.clock = clock;
        this.tokens = this.burst;
        this.refilled = clock.instant();
    }

    boolean tryTake() {
        if (ratePerSecond == 0) {
            return true;
        }
        Instant now = clock.instant();
        double seconds = Duration.between(refilled, now).toNanos() / 1e9;
        if (seconds > 0) {
            tokens = Math.min(burst, tokens + seconds * ratePerSecond);
            refilled = now;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
