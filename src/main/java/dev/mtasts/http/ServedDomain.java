package dev.mtasts.http;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Policy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One served domain as the admin API shows it ({@code GET /api/domains}).
 *
 * @param domain the mail domain, normalized
 * @param origin why it is served: {@value #CONFIG}, or how a runtime domain was added ({@code api}, {@code on-demand})
 * @param policy the policy served at {@code mta-sts.<domain>}
 * @param template whether the policy is the template ({@code [defaults]}) and follows its changes
 * @param added when a runtime domain was added; empty for a config-file domain
 * @param certificateNotAfter the end of the served certificate's validity
 * @param selfSigned whether the served certificate is a self-signed stand-in (senders reject it)
 */
public record ServedDomain(String domain, String origin, Policy policy, boolean template, Optional<Instant> added,
        Optional<Instant> certificateNotAfter, boolean selfSigned) {

    /** The origin of a domain of the config file (runtime domains have theirs: api, on-demand). */
    public static final String CONFIG = "config";

    public ServedDomain {
        domain = DomainNames.normalize(domain);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
    }

    public String policyHost() {
        return "mta-sts." + domain;
    }
}
