package dev.mtasts.acme;

import dev.mtasts.store.IssuerState;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Whether an order for some host names may go to one issuer now, decided from its shared state alone: not
 * while the CA's Retry-After runs, not while its breaker is open (except for the probe), not when a host has
 * failed validation too often there, not beyond its order budget. An admitted order is counted at once.
 *
 * @param next the state to store (pruned; with the order counted and the probe moved on when admitted)
 * @param skip why the issuer is skipped, empty when admitted
 */
public record IssuerAdmission(IssuerState next, Optional<Skip> skip) {

    /** Why an issuer is skipped, until when, in words. */
    public record Skip(Reason reason, Instant until, String why) {
    }

    public enum Reason {
        RATE_LIMITED, UNAVAILABLE, VALIDATION_BUDGET, ORDER_BUDGET, CAA;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean admitted() {
        return skip.isEmpty();
    }

    /** The decision for an order of {@code hosts} at {@code now}. */
    public static IssuerAdmission decide(IssuerState state, Collection<String> hosts, CircuitBreaker breaker,
            IssuerBudget budget, Instant now) {
        IssuerState s = budget.prune(state, now);
        if (s.rateLimitedUntil().filter(now::isAfter).isPresent()) {
            s = s.withRateLimit(Optional.empty(), Optional.empty());
        }
        Optional<Instant> limited = s.rateLimitedUntil();
        if (limited.isPresent()) {
            return skip(s, Reason.RATE_LIMITED, limited.get(), "rate limited by the CA until " + limited.get());
        }
        if (!breaker.admits(s, now)) {
            Instant probe = s.nextProbe().orElseThrow();
            return skip(s, Reason.UNAVAILABLE, probe, "unavailable since " + s.unavailableSince().orElseThrow()
                    + s.lastProblem().map(p -> " (" + p + ")").orElse("") + "; next probe at " + probe);
        }
        Optional<Instant> validation = budget.validationWait(s, hosts, now);
        if (validation.isPresent()) {
            return skip(s, Reason.VALIDATION_BUDGET, validation.get(), budget.failedValidations()
                    + " failed validations within " + budget.validationsWindow() + "; next attempt at " + validation.get());
        }
        Optional<Instant> order = budget.orderWait(s, now);
        if (order.isPresent()) {
            return skip(s, Reason.ORDER_BUDGET, order.get(), "order budget used up (" + budget.orders() + " within "
                    + budget.ordersWindow() + "); next order at " + order.get());
        }
        return new IssuerAdmission(budget.orderPlaced(breaker.admitted(s, now), now), Optional.empty());
    }

    private static IssuerAdmission skip(IssuerState s, Reason reason, Instant until, String why) {
        return new IssuerAdmission(s, Optional.of(new Skip(reason, until, why)));
    }
}
