package dev.mtasts.server;

import dev.mtasts.check.CertificateCheck;
import dev.mtasts.check.FetchResult;
import dev.mtasts.check.MxCoverageCheck;
import dev.mtasts.check.PolicyFetcher;
import dev.mtasts.check.PolicyHostCheck;
import dev.mtasts.check.SmtpCheck;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at one served domain the way a sender does, with {@code mta-sts check}'s own parts: the policy host
 * on every public address in DNS (which must serve this server's policy: a proxy or load balancer in front
 * may serve another), and STARTTLS on every MX (certificate trusted, valid for the MX name, not expiring).
 */
public final class OutsideCheck {

    private final DnsLookups dns;
    private final PolicyHostCheck policyHost;
    private final CertificateCheck certificates;

    /** {@code fetcher} and the probes passed to {@link #run} are those of {@code mta-sts check}. */
    public OutsideCheck(DnsLookups dns, PolicyFetcher fetcher, CertificateCheck certificates) {
        this.dns = dns;
        this.policyHost = new PolicyHostCheck(dns, fetcher, certificates);
        this.certificates = certificates;
    }

    /** @param probes the round's STARTTLS probes, shared by the domains of one round */
    OutsideView run(SiteConfig site, RoundProbes probes) {
        String domain = site.domain();
        List<Finding> problems = new ArrayList<>();
        PolicyHostCheck.Result host = policyHost.run(domain);
        keepProblems(host.section().findings(), problems);
        for (FetchResult fetched : host.fetches()) {
            PolicyComparison.compare(domain, site.policy(), fetched).ifPresent(problems::add);
        }
        List<String> mxHosts = new MxCoverageCheck(dns).run(domain, Optional.of(site.policy())).mxHosts();
        keepProblems(new SmtpCheck(dns, probes, certificates).run(mxHosts, Optional.of(site.policy())).findings(), problems);
        Map<String, Instant> notAfter = new HashMap<>();
        for (String mx : mxHosts) {
            probes.notAfter(mx).ifPresent(t -> notAfter.put(mx, t));
        }
        return new OutsideView(domain, site.policy().id().value(), problems, notAfter);
    }

    private static void keepProblems(List<Finding> findings, List<Finding> into) {
        findings.stream().filter(f -> f.severity().isAtLeast(Severity.WARNING)).forEach(into::add);
    }
}
