package dev.mtasts.store;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Policy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain served because it was added while the server runs, not because the config file names it:
 * through the admin API ({@code mta-sts domains add}) or on demand (a ClientHello that passed the DNS
 * gate). Kept in the {@link DomainStore} so that it is served again after a restart.
 *
 * @param domain the mail domain, normalized
 * @param policy its own policy; empty means the policy template ({@code [defaults]}) as configured now
 * @param origin how it was added
 * @param added when it was first added
 */
public record RuntimeDomain(String domain, Optional<Policy> policy, Origin origin, Instant added) {

    /** How a runtime domain came to be served. */
    public enum Origin {
        /** {@code PUT /api/domains/{domain}} or {@code mta-sts domains add}. */
        API("api"),
        /** A ClientHello for an unknown name that qualified under {@code [on_demand]}. */
        ON_DEMAND("on-demand");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Origin fromLabel(String label) {
            for (Origin o : values()) {
                if (o.label.equals(label)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown origin \"" + label + "\" (api or on-demand)");
        }
    }

    public RuntimeDomain {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(origin, "origin");
        added = Objects.requireNonNull(added, "added").truncatedTo(ChronoUnit.MILLIS); // as every store keeps it
        domain = DomainNames.normalize(domain);
        DomainNames.problem(domain).ifPresent(p -> {
            throw new IllegalArgumentException("domain " + p);
        });
    }
}
