package dev.mtasts.policy;

import java.util.List;
import java.util.Optional;

/**
 * What {@link PolicyParser} made of a policy file: every finding, and the policy when a sender that
 * follows RFC 8461 would accept it (no {@link Severity#CRITICAL} finding).
 */
public record PolicyParseResult(Optional<Policy> policy, List<Finding> findings) {

    public PolicyParseResult {
        findings = List.copyOf(findings);
    }

    public boolean isValid() {
        return policy.isPresent();
    }

    public Severity worst() {
        return Finding.worst(findings);
    }
}
