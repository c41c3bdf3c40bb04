package dev.mtasts.config;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.policy.Policy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One mail domain this server publishes a policy for. The policy host is {@code mta-sts.<domain>}.
 *
 * @param domain the mail domain, normalized (lower case, no trailing dot)
 * @param policy the policy served at {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}
 * @param policyFile the file the policy came from, when it was not written inline (watched for changes)
 */
public record SiteConfig(String domain, Policy policy, Optional<Path> policyFile) {

    public SiteConfig {
        Objects.requireNonNull(policy, "policy");
        domain = DomainNames.normalize(domain);
        DomainNames.problem(domain).ifPresent(p -> {
            throw new IllegalArgumentException("domain " + p);
        });
    }

    public SiteConfig(String domain, Policy policy) {
        this(domain, policy, Optional.empty());
    }

    public String policyHost() {
        return "mta-sts." + domain;
    }
}
