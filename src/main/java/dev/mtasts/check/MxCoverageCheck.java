package dev.mtasts.check;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.dns.MxHost;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Senders;
import dev.mtasts.policy.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every MX host must match an mx pattern of the policy (RFC 8461 §4.1): uncovered is CRITICAL in
 * enforce mode (mail to it fails), WARNING in testing. A pattern that matches no MX is stale.
 */
public final class MxCoverageCheck {

    private static final String SECTION = "RFC 8461 §4.1";
    private final DnsLookups dns;

    public MxCoverageCheck(DnsLookups dns) {
        this.dns = dns;
    }

    /** The section and the MX host names (the domain itself when it has no MX records). */
    public record Result(Section section, List<String> mxHosts) {
    }

    public Result run(String domain, Optional<Policy> policy) {
        DnsAnswer<MxHost> answer = dns.mx(domain);
        if (answer.status().isIndeterminate()) {
            return new Result(Section.unknown(Area.MX, Finding.of(Severity.WARNING, SECTION, "could not look up the MX"
                    + " records of " + domain + ": " + answer.describe())), List.of());
        }
        List<Finding> findings = new ArrayList<>();
        List<String> hosts = hosts(domain, answer, findings);
        if (hosts.isEmpty()) {
            return new Result(Section.of(Area.MX, findings), hosts);
        }
        if (policy.isEmpty()) {
            findings.add(Finding.of(Severity.INFO, SECTION, "MX " + String.join(", ", hosts)
                    + "; coverage not checked without a valid policy"));
        } else if (policy.get().mode() == Mode.NONE) {
            findings.add(Finding.of(Severity.INFO, SECTION, "MX " + String.join(", ", hosts)
                    + "; mode none: senders do not apply the mx patterns"));
        } else {
            coverage(hosts, policy.get(), findings);
        }
        return new Result(Section.of(Area.MX, findings), hosts);
    }

    private static List<String> hosts(String domain, DnsAnswer<MxHost> answer, List<Finding> findings) {
        if (answer.status().isAbsent()) {
            findings.add(Finding.of(Severity.WARNING, "RFC 5321 §5.1", domain + " has no MX records ("
                    + answer.status() + "); senders deliver to the domain's own address (implicit MX)"));
            return answer.status() == dev.mtasts.dns.LookupStatus.NODATA ? List.of(domain) : List.of();
        }
        if (answer.values().stream().anyMatch(MxHost::isNullMx)) {
            findings.add(Finding.of(Severity.INFO, "RFC 7505", domain + " has a null MX: it accepts no mail"));
            return List.of();
        }
        return answer.values().stream().sorted(java.util.Comparator.comparingInt(MxHost::preference))
                .map(MxHost::host).distinct().toList();
    }

    private static void coverage(List<String> hosts, Policy policy, List<Finding> findings) {
        boolean enforce = policy.mode() == Mode.ENFORCE;
        for (String host : hosts) {
            Optional<MxPattern> match = policy.mx().stream().filter(p -> p.matches(host)).findFirst();
            if (match.isPresent()) {
                findings.add(Finding.of(Severity.OK, SECTION, "MX " + host + " is covered by 'mx: " + match.get() + "'"));
            } else {
                String effect = enforce ? "in enforce mode " + Senders.BOTH + " (Postfix) will not deliver to it"
                        : "in testing mode " + Senders.BOTH + " (Postfix) deliver but report a failure";
                findings.add(new Finding(enforce ? Severity.CRITICAL : Severity.WARNING, "MX " + host
                        + " is not covered by any mx pattern of the policy; " + effect, SECTION,
                        "add 'mx: " + host + "' to the policy, then publish a new id in _mta-sts TXT"));
            }
        }
        for (MxPattern p : policy.mx()) {
            if (hosts.stream().noneMatch(p::matches)) {
                findings.add(new Finding(Severity.WARNING, "'mx: " + p + "' matches no MX of the domain (stale pattern)",
                        SECTION, "remove 'mx: " + p + "' from the policy, or add the MX record it was meant for"));
            }
        }
    }
}
