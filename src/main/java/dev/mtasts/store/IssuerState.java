package dev.mtasts.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What this installation remembers about one ACME issuer, shared by every process on the same storage (so
 * replicas agree): its circuit breaker, the CA's last rate limit, and the orders and failed validations
 * that count against its budget. The rules that read and change it are in the {@code acme} package; this
 * is only the value.
 *
 * @param unavailableSince when the breaker opened (the CA could not be reached or failed); empty = closed
 * @param nextProbe when the next attempt may go to the issuer while the breaker is open
 * @param rateLimitedUntil no order before this time (the CA's Retry-After)
 * @param lastProblem the last issuer fault, in words
 * @param orders when the orders still inside the budget window were placed, oldest first
 * @param failedValidations validations that failed inside the budget window, oldest first
 */
public record IssuerState(Optional<Instant> unavailableSince, Optional<Instant> nextProbe,
        Optional<Instant> rateLimitedUntil, Optional<String> lastProblem, List<Instant> orders,
        List<FailedValidation> failedValidations) {

    /** An issuer nothing is known about: breaker closed, no limit, full budget. */
    public static final IssuerState FRESH = new IssuerState(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of(), List.of());

    public IssuerState {
        Objects.requireNonNull(unavailableSince, "unavailableSince");
        Objects.requireNonNull(nextProbe, "nextProbe");
        Objects.requireNonNull(rateLimitedUntil, "rateLimitedUntil");
        Objects.requireNonNull(lastProblem, "lastProblem");
        orders = orders.stream().sorted().toList();
        failedValidations = failedValidations.stream().sorted(Comparator.comparing(FailedValidation::at)).toList();
    }

    /** A validation of {@code host} that failed at {@code at}. */
    public record FailedValidation(String host, Instant at) {
        public FailedValidation {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(at, "at");
        }
    }

    public boolean breakerOpen() {
        return unavailableSince.isPresent();
    }

    public IssuerState withBreaker(Optional<Instant> since, Optional<Instant> probe, Optional<String> problem) {
        return new IssuerState(since, probe, rateLimitedUntil, problem.or(() -> lastProblem), orders, failedValidations);
    }

    public IssuerState withRateLimit(Optional<Instant> until, Optional<String> problem) {
        return new IssuerState(unavailableSince, nextProbe, until, problem.or(() -> lastProblem), orders,
                failedValidations);
    }

    public IssuerState withOrders(List<Instant> newOrders) {
        return new IssuerState(unavailableSince, nextProbe, rateLimitedUntil, lastProblem, newOrders, failedValidations);
    }

    public IssuerState withFailedValidations(List<FailedValidation> failed) {
        return new IssuerState(unavailableSince, nextProbe, rateLimitedUntil, lastProblem, orders, failed);
    }
}
