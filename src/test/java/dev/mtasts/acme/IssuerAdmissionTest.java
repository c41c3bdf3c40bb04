package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.IssuerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The breaker, rate-limit hold and budgets of one issuer, on an injected time line. */
class IssuerAdmissionTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final List<String> HOSTS = List.of("mta-sts.example.test");
    final CircuitBreaker breaker = new CircuitBreaker(Duration.ofSeconds(30));
    final IssuerBudget budget = new IssuerBudget(3, Duration.ofHours(3), 2, Duration.ofHours(1));

    IssuerAdmission decide(IssuerState s, Instant now) {
        return IssuerAdmission.decide(s, HOSTS, breaker, budget, now);
    }

    @Test
    void aFreshIssuerIsAdmittedAndTheOrderCounted() {
        IssuerAdmission a = decide(IssuerState.FRESH, T0);
        assertTrue(a.admitted());
        assertEquals(List.of(T0), a.next().orders());
        assertEquals(2, budget.ordersLeft(a.next(), T0));
    }

    @Test
    void anOpenBreakerAdmitsOneProbePerInterval() {
        IssuerState open = breaker.failed(IssuerState.FRESH, T0, "connection refused");
        assertEquals(IssuerAdmission.Reason.UNAVAILABLE, decide(open, T0.plusSeconds(29)).skip().orElseThrow().reason());
        IssuerAdmission probe = decide(open, T0.plusSeconds(30));
        assertTrue(probe.admitted(), "the probe is due");
        IssuerAdmission second = decide(probe.next(), T0.plusSeconds(31));
        assertFalse(second.admitted(), "a second order in the same interval is no probe");
        assertEquals(T0.plusSeconds(60), second.skip().orElseThrow().until());
    }

    @Test
    void theFirstAnswerClosesTheBreaker() {
        IssuerState open = breaker.failed(IssuerState.FRESH, T0, "connection refused");
        IssuerState closed = breaker.answered(open);
        assertFalse(closed.breakerOpen());
        assertTrue(decide(closed, T0.plusSeconds(1)).admitted());
    }

    @Test
    void aRateLimitHoldsUntilRetryAfterAndThenLifts() {
        IssuerState limited = IssuerState.FRESH.withRateLimit(Optional.of(T0.plusSeconds(600)), Optional.of("429"));
        IssuerAdmission held = decide(limited, T0.plusSeconds(599));
        assertEquals(IssuerAdmission.Reason.RATE_LIMITED, held.skip().orElseThrow().reason());
        assertEquals(T0.plusSeconds(600), held.skip().get().until());
        IssuerAdmission after = decide(limited, T0.plusSeconds(601));
        assertTrue(after.admitted());
        assertTrue(after.next().rateLimitedUntil().isEmpty());
    }

    @Test
    void ordersBeyondTheBudgetWaitUntilTheOldestLeavesTheWindow() {
        IssuerState s = IssuerState.FRESH;
        for (int i = 0; i < 3; i++) {
            s = decide(s, T0.plusSeconds(i * 60L)).next();
        }
        IssuerAdmission full = decide(s, T0.plusSeconds(600));
        assertEquals(IssuerAdmission.Reason.ORDER_BUDGET, full.skip().orElseThrow().reason());
        assertEquals(T0.plus(Duration.ofHours(3)), full.skip().get().until());
        assertTrue(decide(s, T0.plus(Duration.ofHours(3)).plusSeconds(1)).admitted());
    }

    @Test
    void aHostThatFailedValidationTooOftenWaitsButOtherHostsDoNot() {
        IssuerState s = budget.validationFailed(IssuerState.FRESH, HOSTS, T0);
        s = budget.validationFailed(s, HOSTS, T0.plusSeconds(60));
        IssuerAdmission a = decide(s, T0.plusSeconds(120));
        assertEquals(IssuerAdmission.Reason.VALIDATION_BUDGET, a.skip().orElseThrow().reason());
        assertEquals(T0.plus(Duration.ofHours(1)), a.skip().get().until());
        assertTrue(IssuerAdmission.decide(s, List.of("mta-sts.other.test"), breaker, budget, T0.plusSeconds(120))
                .admitted());
    }

    @Test
    void failureReasonsSortIntoKinds() {
        assertEquals(FailureKind.RATE_LIMITED, FailureKind.of(FailureReason.RATE_LIMITED));
        assertEquals(FailureKind.ISSUER_UNAVAILABLE, FailureKind.of(FailureReason.NETWORK));
        assertEquals(FailureKind.ISSUER_UNAVAILABLE, FailureKind.of(FailureReason.CA_UNAVAILABLE));
        assertEquals(FailureKind.DOMAIN, FailureKind.of(FailureReason.CHALLENGE_FAILED));
        assertEquals(FailureKind.DOMAIN, FailureKind.of(FailureReason.CAA));
        assertEquals(FailureKind.LOCAL, FailureKind.of(FailureReason.STORAGE));
    }
}
