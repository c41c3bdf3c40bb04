package dev.mtasts.acme;

import java.time.Instant;
import java.util.Objects;

/** When to renew a certificate, and why. */
public record RenewalPlan(Instant renewAt, RenewalReason reason) {

    public RenewalPlan {
        Objects.requireNonNull(renewAt, "renewAt");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean isDue(Instant now) {
        return !renewAt.isAfter(now);
    }
}
