package dev.mtasts.acme;

import dev.mtasts.store.IssuerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How much one issuer may be asked, so that its own rate limits are never hit: at most {@code orders} new
 * orders in any {@code ordersWindow}, and at most {@code failedValidations} failed validations of one host
 * name in any {@code validationsWindow}. The defaults are Let's Encrypt's published limits (300 new orders
 * per account per 3 hours; 5 authorization failures per host name per account per hour).
 */
public record IssuerBudget(int orders, Duration ordersWindow, int failedValidations, Duration validationsWindow) {

    public static final IssuerBudget LETS_ENCRYPT = new IssuerBudget(300, Duration.ofHours(3), 5, Duration.ofHours(1));

    public IssuerBudget {
        if (orders < 1 || failedValidations < 1) {
            throw new IllegalArgumentException("an issuer budget needs at least one order and one failed validation");
        }
        if (ordersWindow.isNegative() || ordersWindow.isZero() || validationsWindow.isNegative()
                || validationsWindow.isZero()) {
            throw new IllegalArgumentException("budget windows must be positive");
        }
    }

    /** {@code state} without the orders and failures that have left their windows. */
    public IssuerState prune(IssuerState state, Instant now) {
        return state.withOrders(state.orders().stream().filter(t -> t.plus(ordersWindow).isAfter(now)).toList())
                .withFailedValidations(state.failedValidations().stream()
                        .filter(f -> f.at().plus(validationsWindow).isAfter(now)).toList());
    }

    /** Orders left in the window at {@code now} (of a pruned state). */
    public int ordersLeft(IssuerState state, Instant now) {
        return Math.max(0, orders - (int) state.orders().stream().filter(t -> t.plus(ordersWindow).isAfter(now)).count());
    }

    /** When the next order fits, if none fits now. */
    public Optional<Instant> orderWait(IssuerState state, Instant now) {
        List<Instant> inWindow = state.orders().stream().filter(t -> t.plus(ordersWindow).isAfter(now)).toList();
        if (inWindow.size() < orders) {
            return Optional.empty();
        }
        return Optional.of(inWindow.get(inWindow.size() - orders).plus(ordersWindow));
    }

    /** When one of {@code hosts} may be validated again, if one of them has used up its failures. */
    public Optional<Instant> validationWait(IssuerState state, Collection<String> hosts, Instant now) {
        Optional<Instant> latest = Optional.empty();
        for (String host : hosts) {
            List<Instant> failed = state.failedValidations().stream()
                    .filter(f -> f.host().equals(host) && f.at().plus(validationsWindow).isAfter(now))
                    .map(IssuerState.FailedValidation::at).toList();
            if (failed.size() >= failedValidations) {
                Instant free = failed.get(failed.size() - failedValidations).plus(validationsWindow);
                latest = latest.filter(l -> l.isAfter(free)).or(() -> Optional.of(free));
            }
        }
        return latest;
    }

    public IssuerState orderPlaced(IssuerState state, Instant now) {
        List<Instant> next = new java.util.ArrayList<>(state.orders());
        next.add(now);
        return state.withOrders(next);
    }

    public IssuerState validationFailed(IssuerState state, Collection<String> hosts, Instant now) {
        List<IssuerState.FailedValidation> next = new java.util.ArrayList<>(state.failedValidations());
        hosts.forEach(h -> next.add(new IssuerState.FailedValidation(h, now)));
        return state.withFailedValidations(next);
    }
}
