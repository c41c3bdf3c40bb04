package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    final Backoff backoff = new Backoff();
    final IssuanceException caError = new IssuanceException(FailureReason.CA_ERROR, "boom");

    Instant retry(int failures, IssuanceException e, Optional<Duration> lifetime) {
        return backoff.retryAt(failures, e, lifetime, NOW, RenewalPlannerTest.fixed(0));
    }

    @Test
    void followsTheTableFromMinutesToHours() {
        assertEquals(NOW.plus(Duration.ofMinutes(1)), retry(1, caError, Optional.empty()));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), retry(3, caError, Optional.empty()));
        assertEquals(NOW.plus(Duration.ofHours(1)), retry(6, caError, Optional.empty()));
        assertEquals(NOW.plus(Duration.ofHours(6)), retry(9, caError, Optional.empty()));
        assertEquals(NOW.plus(Duration.ofHours(6)), retry(50, caError, Optional.empty()));
    }

    @Test
    void addsAtMostTenPercentJitter() {
        Instant at = backoff.retryAt(5, caError, Optional.empty(), NOW, RenewalPlannerTest.fixed(0.5));
        assertEquals(NOW.plus(Duration.ofMinutes(30)).plus(Duration.ofSeconds(90)), at);
    }

    @Test
    void honoursRetryAfterLaterThanTheTable() {
        Instant later = NOW.plus(Duration.ofHours(3));
        var limited = new IssuanceException(FailureReason.RATE_LIMITED, "slow down", later, null);
        assertEquals(later, retry(1, limited, Optional.empty()));
    }

    @Test
    void neverRetriesBeforeTheTableEvenWithAnEarlyRetryAfter() {
        var early = new IssuanceException(FailureReason.CA_ERROR, "busy", NOW.plusSeconds(5), null);
        assertEquals(NOW.plus(Duration.ofMinutes(2)), retry(2, early, Optional.empty()));
    }

    @Test
    void waitsAnHourForRateLimitWithoutRetryAfter() {
        var limited = new IssuanceException(FailureReason.RATE_LIMITED, "slow down");
        assertEquals(NOW.plus(Duration.ofHours(1)), retry(1, limited, Optional.empty()));
    }

    @Test
    void shortensStepsForShortLivedCertificatesButNotBelowTenSeconds() {
        assertEquals(NOW.plus(Duration.ofSeconds(30)), retry(4, caError, Optional.of(Duration.ofMinutes(5))));
        assertEquals(NOW.plus(Duration.ofSeconds(10)), retry(4, caError, Optional.of(Duration.ofSeconds(45))));
        assertEquals(NOW.plus(Duration.ofMinutes(10)), retry(4, caError, Optional.of(Duration.ofDays(90))));
    }

    @Test
    void aScaleShrinksTableFloorAndRateLimitAlike() {
        Backoff fast = new Backoff(0.05);
        var limited = new IssuanceException(FailureReason.RATE_LIMITED, "slow down");
        RandomGenerator none = RenewalPlannerTest.fixed(0);
        assertEquals(NOW.plusSeconds(3), fast.retryAt(1, caError, Optional.empty(), NOW, none));
        assertEquals(NOW.plusSeconds(15), fast.retryAt(3, caError, Optional.empty(), NOW, none));
        assertEquals(NOW.plusSeconds(6), fast.retryAt(4, caError, Optional.of(Duration.ofMinutes(1)), NOW, none));
        assertEquals(NOW.plusMillis(500), fast.retryAt(4, caError, Optional.of(Duration.ofSeconds(2)), NOW, none));
        assertEquals(NOW.plusSeconds(180), fast.retryAt(1, limited, Optional.empty(), NOW, none));
    }

    @Test
    void refusesAScaleOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(2));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Double.NaN));
    }
}
