package dev.mtasts.ondemand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * New certificate orders allowed in a sliding window, like the CA's own limit (Let's Encrypt: 300 new orders
 * per account per 3 hours). Kept in memory: a restart starts a full budget. Not thread-safe.
 */
final class OrderBudget {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> orders = new ArrayDeque<>();

    /** @param limit 0 means no limit */
    OrderBudget(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Takes one order from the budget; false when it is spent. */
    boolean tryConsume() {
        if (limit == 0) {
            return true;
        }
        forgetOld();
        if (orders.size() >= limit) {
            return false;
        }
        orders.addLast(clock.instant());
        return true;
    }

    /** Orders left in the current window; infinite without a limit. */
    double remaining() {
        if (limit == 0) {
            return Double.POSITIVE_INFINITY;
        }
        forgetOld();
        return limit - orders.size();
    }

    private void forgetOld() {
        Instant oldest = clock.instant().minus(window);
        while (!orders.isEmpty() && !orders.peekFirst().isAfter(oldest)) {
            orders.removeFirst();
        }
    }
}
