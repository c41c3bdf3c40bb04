package dev.mtasts.ondemand;

import java.time.Duration;
import java.util.Objects;

/**
 * The gate's bounds.
 *
 * @param negativeTtl how long a refusal is remembered
 * @param domainInterval at most one decision per domain in this long
 * @param ratePerSecond decisions per second over all domains; 0 = no limit
 * @param burst decisions allowed at once above the rate
 * @param orders orders per window; 0 = no limit
 * @param ordersWindow the window of the order budget
 * @param maxRemembered how many refused names (and recently decided ones) are kept at most
 */
public record GateLimits(Duration negativeTtl, Duration domainInterval, int ratePerSecond, int burst, int orders,
        Duration ordersWindow, int maxRemembered) {

    /** Enough for a day of refusals at 1 a second; an entry costs about 100 bytes. */
    public static final int DEFAULT_MAX_REMEMBERED = 100_000;

    public GateLimits {
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(domainInterval, "domainInterval");
        Objects.requireNonNull(ordersWindow, "ordersWindow");
        if (ratePerSecond < 0 || burst < 0 || orders < 0 || maxRemembered < 1) {
            throw new IllegalArgumentException("on-demand limits cannot be negative");
        }
    }
}
