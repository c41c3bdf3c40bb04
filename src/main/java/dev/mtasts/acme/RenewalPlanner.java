package dev.mtasts.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to renew: a pure function of the current certificate, the CA's ARI window (RFC 9773), the time
 * and a random source. ARI comes first (a uniformly random time inside the window; at once when that
 * time has passed); without ARI renew when a third of the lifetime is left (half for certificates of
 * ten days or less), a little earlier by a random jitter of up to 2% of the lifetime; either way never
 * later than the emergency backstop, when a tenth of the lifetime is left.
 */
public final class RenewalPlanner {

    static final Duration SHORT_LIVED = Duration.ofDays(10);
    static final double JITTER_FRACTION = 0.02;
    static final double EMERGENCY_FRACTION = 0.10;

    public RenewalPlan plan(Optional<CertificateFacts> current, Optional<RenewalWindow> ari, Instant now,
            RandomGenerator random) {
        if (current.isEmpty()) {
            return new RenewalPlan(now, RenewalReason.NO_CERTIFICATE);
        }
        CertificateFacts cert = current.get();
        if (!cert.usable() || !cert.notAfter().isAfter(now)) {
            return new RenewalPlan(now, RenewalReason.UNUSABLE);
        }
        RenewalPlan plan = ari.map(window -> insideWindow(window, now, random))
                .orElseGet(() -> byLifetime(cert, now, random));
        Instant emergency = cert.notAfter().minus(fraction(cert.lifetime(), EMERGENCY_FRACTION));
        if (plan.renewAt().isAfter(emergency)) {
            plan = new RenewalPlan(emergency, RenewalReason.EMERGENCY);
        }
        return plan.renewAt().isBefore(now) ? new RenewalPlan(now, plan.reason()) : plan;
    }

    private static RenewalPlan insideWindow(RenewalWindow window, Instant now, RandomGenerator random) {
        Duration width = Duration.between(window.start(), window.end());
        Instant pick = window.start().plus(fraction(width, random.nextDouble()));
        if (!pick.isAfter(now)) {
            return new RenewalPlan(now, RenewalReason.ARI_WINDOW_PASSED);
        }
        return new RenewalPlan(pick, RenewalReason.ARI_WINDOW);
    }

    private static RenewalPlan byLifetime(CertificateFacts cert, Instant now, RandomGenerator random) {
        Duration lifetime = cert.lifetime();
        boolean shortLived = lifetime.compareTo(SHORT_LIVED) <= 0;
        Duration remaining = fraction(lifetime, shortLived ? 1.0 / 2 : 1.0 / 3);
        Duration jitter = fraction(lifetime, JITTER_FRACTION * random.nextDouble());
        Instant at = cert.notAfter().minus(remaining).minus(jitter);
        return new RenewalPlan(at, shortLived ? RenewalReason.HALF_LEFT : RenewalReason.ONE_THIRD_LEFT);
    }

    static Duration fraction(Duration d, double f) {
        return Duration.ofMillis((long) (d.toMillis() * f));
    }
}
