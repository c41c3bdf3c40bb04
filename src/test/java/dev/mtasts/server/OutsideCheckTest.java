package dev.mtasts.server;

import static dev.mtasts.server.OutsideFixtures.answered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.check.CertificateCheck;
import dev.mtasts.check.PolicyFetcher;
import dev.mtasts.check.SmtpProbe;
import dev.mtasts.config.ListenerConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The outside view over fakes of the network (the lab script outside-lab.sh runs it against real peers): a
 * policy host address that answers another policy, MX certificates, one probe per MX address and round.
 */
class OutsideCheckTest {

    private static final String MX = "mail.example.net";
    private final Policy served = Policy.of(Mode.ENFORCE, List.of(MX), 604800);
    private final Policy other = Policy.of(Mode.TESTING, List.of(MX), 86400);
    private final FakeDnsLookups dns = new FakeDnsLookups().a(MX, "192.0.2.25");
    private final AtomicInteger probes = new AtomicInteger();
    private final SmtpProbe mx = (host, address) -> {
        probes.incrementAndGet();
        return new SmtpProbe.Result(false, Optional.of(OutsideFixtures.tls(host, Duration.ofDays(10))), Optional.empty());
    };

    private static SiteConfig site(String domain, Policy policy) {
        return new SiteConfig(domain, policy);
    }

    /** Serves {@code body} on 192.0.2.1 and {@code second} on 192.0.2.2 for every policy host. */
    private static PolicyFetcher fetcher(Policy first, Policy second) {
        return (host, address) -> answered(host, address.getHostAddress(),
                address.getHostAddress().equals("192.0.2.1") ? first.render() : second.render());
    }

    private FakeDnsLookups domain(String domain) {
        return dns.mx(domain, MX).a("mta-sts." + domain, "192.0.2.1", "192.0.2.2");
    }

    @Test
    void anAddressThatServesAnotherPolicyIsAWarningWithItsFix() {
        domain("example.com");
        OutsideCheck check = new OutsideCheck(dns, fetcher(served, other), new CertificateCheck(OutsideFixtures.CLOCK));
        OutsideView v = check.run(site("example.com", served), new RoundProbes(mx));
        assertTrue(v.problems().stream().anyMatch(f -> f.severity() == Severity.WARNING
                && f.message().contains("at 192.0.2.2 serves another policy") && !f.fix().isEmpty()), v.describe());
        assertTrue(v.problems().stream().noneMatch(f -> f.message().contains("at 192.0.2.1 serves")), v.describe());
    }

    @Test
    void everyAddressServingThisServersPolicyIsNoProblemButTheMxExpirySoonIs() {
        domain("example.com");
        OutsideCheck check = new OutsideCheck(dns, fetcher(served, served), new CertificateCheck(OutsideFixtures.CLOCK));
        OutsideView v = check.run(site("example.com", served), new RoundProbes(mx));
        assertEquals(1, v.problems().size(), v.describe());
        assertTrue(v.problems().get(0).message().contains("mail.example.net (192.0.2.25, port 25)")
                && v.problems().get(0).message().contains("expires within 14 days"), v.describe());
        assertEquals(Map.of(MX, OutsideFixtures.NOW.plus(Duration.ofDays(10))), v.mxNotAfter());
    }

    @Test
    void domainsSharingAnMxProbeItOncePerRound() {
        domain("example.com");
        domain("example.org");
        OutsideCheck check = new OutsideCheck(dns, fetcher(served, served), new CertificateCheck(OutsideFixtures.CLOCK));
        RoundProbes round = new RoundProbes(mx);
        check.run(site("example.com", served), round);
        check.run(site("example.org", served), round);
        assertEquals(1, probes.get());
        check.run(site("example.com", served), new RoundProbes(mx));
        assertEquals(2, probes.get());
    }

    @Test
    void theMonitorExposesMxExpiryAndFindingsInMetricsAndKeepsTheLatestView() {
        domain("example.com");
        ServerMetrics metrics = new ServerMetrics();
        OutsideMonitor monitor = new OutsideMonitor(new OutsideCheck(dns, fetcher(served, other),
                new CertificateCheck(OutsideFixtures.CLOCK)), mx, metrics, OutsideFixtures.CLOCK, 2);
        try {
            monitor.checkAll(new ServeConfig(List.of(site("example.com", served)),
                    new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), Path.of("certs"), false, Optional.empty()));
            String m = new String(metrics.scrape());
            long notAfter = OutsideFixtures.NOW.plus(Duration.ofDays(10)).getEpochSecond();
            String series = "mtasts_mx_certificate_not_after_seconds{domain=\"example.com\",mx=\"" + MX + "\"} ";
            String line = m.lines().filter(l -> l.startsWith(series)).findFirst().orElseThrow(() -> new AssertionError(m));
            assertEquals(notAfter, (long) Double.parseDouble(line.substring(series.length())));
            assertTrue(m.contains("mtasts_outside_findings{domain=\"example.com\",severity=\"warning\"} 3.0"), m);
            assertTrue(m.contains("mtasts_outside_findings{domain=\"example.com\",severity=\"critical\"} 0.0"), m);
            assertEquals(1, monitor.latest().size());
        } finally {
            monitor.close();
        }
    }
}
