package dev.mtasts.tlsrpt;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a report's {@code policies} (RFC 8460 §4.4): the policy the sender applied to a domain, and
 * how its sessions went.
 *
 * @param type {@code sts}, {@code tlsa} or {@code no-policy-found}
 * @param policyStrings the policy as the sender had it, one string per line (for {@code sts}: the policy file)
 * @param domain the policy domain, normalized
 * @param mxHosts the MX patterns of the applied policy
 * @param successes sessions that succeeded
 * @param failures sessions that failed
 * @param details what failed, as the sender reports it
 */
public record PolicyResult(String type, List<String> policyStrings, String domain, List<String> mxHosts,
        long successes, long failures, List<FailureDetail> details) {

    public PolicyResult {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(domain, "domain");
        policyStrings = List.copyOf(policyStrings);
        mxHosts = List.copyOf(mxHosts);
        details = List.copyOf(details);
        if (successes < 0 || failures < 0) {
            throw new IllegalArgumentException("a session count is negative");
        }
    }

    /** The {@code id} line of an MTA-STS policy string, when the sender sent one (Microsoft and Google do not). */
    public java.util.Optional<String> policyLine(String key) {
        String prefix = key + ":";
        return policyStrings.stream().filter(s -> s.startsWith(prefix)).map(s -> s.substring(prefix.length()).trim())
                .findFirst();
    }
}
