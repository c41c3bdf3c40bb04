package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RenewalPlannerTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    final RenewalPlanner planner = new RenewalPlanner();

    static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    static Optional<CertificateFacts> cert(Instant notBefore, Duration lifetime) {
        return Optional.of(new CertificateFacts(notBefore, notBefore.plus(lifetime), true));
    }

    @Test
    void renewsAtOnceWithoutCertificate() {
        RenewalPlan plan = planner.plan(Optional.empty(), Optional.empty(), NOW, fixed(0.5));
        assertEquals(new RenewalPlan(NOW, RenewalReason.NO_CERTIFICATE), plan);
    }

    @Test
    void renewsSelfSignedOrExpiredCertificatesAtOnce() {
        var selfSigned = Optional.of(new CertificateFacts(NOW, NOW.plus(Duration.ofDays(90)), false));
        var expired = cert(NOW.minus(Duration.ofDays(91)), Duration.ofDays(90));
        assertEquals(RenewalReason.UNUSABLE, planner.plan(selfSigned, Optional.empty(), NOW, fixed(0)).reason());
        assertEquals(new RenewalPlan(NOW, RenewalReason.UNUSABLE), planner.plan(expired, Optional.empty(), NOW, fixed(0)));
    }

    @Test
    void renewsNinetyDayCertificateWhenOneThirdIsLeft() {
        RenewalPlan plan = planner.plan(cert(NOW, Duration.ofDays(90)), Optional.empty(), NOW, fixed(0));
        assertEquals(new RenewalPlan(NOW.plus(Duration.ofDays(60)), RenewalReason.ONE_THIRD_LEFT), plan);
    }

    @Test
    void jitterMovesRenewalEarlierByAtMostTwoPercentOfLifetime() {
        RenewalPlan plan = planner.plan(cert(NOW, Duration.ofDays(90)), Optional.empty(), NOW, fixed(0.999999));
        Duration early = Duration.between(plan.renewAt(), NOW.plus(Duration.ofDays(60)));
        assertTrue(early.compareTo(Duration.ofHours(43)) > 0 && early.compareTo(Duration.ofMillis(155_520_000)) <= 0,
                "early by " + early);
    }

    @Test
    void renewsShortLivedCertificateAtHalfLifetime() {
        RenewalPlan six = planner.plan(cert(NOW, Duration.ofDays(6)), Optional.empty(), NOW, fixed(0));
        RenewalPlan ten = planner.plan(cert(NOW, Duration.ofDays(10)), Optional.empty(), NOW, fixed(0));
        assertEquals(new RenewalPlan(NOW.plus(Duration.ofDays(3)), RenewalReason.HALF_LEFT), six);
        assertEquals(new RenewalPlan(NOW.plus(Duration.ofDays(5)), RenewalReason.HALF_LEFT), ten);
    }

    @Test
    void renewsAtOnceWhenTheLifetimeThresholdHasPassed() {
        var cert = cert(NOW.minus(Duration.ofDays(70)), Duration.ofDays(90));
        assertEquals(new RenewalPlan(NOW, RenewalReason.ONE_THIRD_LEFT),
                planner.plan(cert, Optional.empty(), NOW, fixed(0.3)));
    }

    @Test
    void picksUniformTimeInsideAriWindow() {
        var window = Optional.of(new RenewalWindow(NOW.plus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(12)),
                Optional.empty(), Optional.empty()));
        RenewalPlan plan = planner.plan(cert(NOW.minus(Duration.ofDays(50)), Duration.ofDays(90)), window, NOW,
                fixed(0.25));
        assertEquals(new RenewalPlan(NOW.plus(Duration.ofDays(10)).plus(Duration.ofHours(12)), RenewalReason.ARI_WINDOW),
                plan);
    }

    @Test
    void ariWindowWinsOverTheLifetimeRule() {
        var window = Optional.of(new RenewalWindow(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)),
                Optional.empty(), Optional.empty()));
        RenewalPlan plan = planner.plan(cert(NOW, Duration.ofDays(90)), window, NOW, fixed(0));
        assertEquals(new RenewalPlan(NOW.plus(Duration.ofDays(1)), RenewalReason.ARI_WINDOW), plan);
    }

    @Test
    void renewsAtOnceWhenPickInsideAriWindowIsPast() {
        var window = Optional.of(new RenewalWindow(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
                Optional.empty(), Optional.empty()));
        RenewalPlan plan = planner.plan(cert(NOW.minus(Duration.ofDays(50)), Duration.ofDays(90)), window, NOW,
                fixed(0.4));
        assertEquals(new RenewalPlan(NOW, RenewalReason.ARI_WINDOW_PASSED), plan);
    }

    @Test
    void emergencyBackstopCapsAnAriWindowTooLate() {
        var window = Optional.of(new RenewalWindow(NOW.plus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(89)),
                Optional.empty(), Optional.empty()));
        RenewalPlan plan = planner.plan(cert(NOW, Duration.ofDays(90)), window, NOW, fixed(0.9));
        assertEquals(new RenewalPlan(NOW.plus(Duration.ofDays(81)), RenewalReason.EMERGENCY), plan);
    }
}
