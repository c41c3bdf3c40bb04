package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.backend.FileBackend;
import dev.mtasts.config.ListenerConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.Sites;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.TlsContexts;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /status lists each domain of a small deployment and summarizes a large one without reading every certificate. */
class StatusPageTest {

    @TempDir
    Path certs;
    private final Clock clock = Clock.systemUTC();

    private Sites sites(int count, int cacheSize) throws Exception {
        Policy policy = Policy.of(Mode.ENFORCE, List.of("mx.provider.example"), 86400);
        List<SiteConfig> domains = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> domains.add(new SiteConfig("d" + i + ".example", policy)));
        ServeConfig config = new ServeConfig(domains, new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), certs,
                false, Optional.empty());
        ServerMetrics metrics = new ServerMetrics();
        SiteLoader loader = new SiteLoader(new FileStorage(certs), new SelfSignedCertificates(clock, new SecureRandom()),
                new SiteFactory(TlsContexts.create(true), metrics), metrics, clock, MissingCertificates.SELF_SIGNED_IN_MEMORY,
                cacheSize);
        return loader.load(config, null);
    }

    @Test
    void aSmallDeploymentShowsEachDomainsCertificate() throws Exception {
        String page = StatusPage.render(sites(2, 16), Optional.empty(), new FileBackend(new FileStorage(certs)), clock);
        assertTrue(page.contains("d1.example\n  policy:      mode enforce"), page);
        assertTrue(page.contains("  certificate: SELF-SIGNED, valid until"), page);
    }

    @Test
    void theOutsideViewIsShownPerDomainWithItsFix() throws Exception {
        Policy served = Policy.of(Mode.ENFORCE, List.of("mx.provider.example"), 86400);
        Policy other = Policy.of(Mode.TESTING, List.of("mx.provider.example"), 86400);
        dev.mtasts.dns.FakeDnsLookups dns = new dev.mtasts.dns.FakeDnsLookups().mx("d0.example", "mx.provider.example")
                .a("mx.provider.example", "192.0.2.25").a("mta-sts.d0.example", "192.0.2.1", "192.0.2.2");
        dev.mtasts.check.PolicyFetcher fetcher = (host, address) -> OutsideFixtures.answered(host,
                address.getHostAddress(), (address.getHostAddress().endsWith(".1") ? served : other).render());
        dev.mtasts.check.SmtpProbe probe = (host, address) -> new dev.mtasts.check.SmtpProbe.Result(false,
                Optional.of(OutsideFixtures.tls(host, java.time.Duration.ofDays(60))), Optional.empty());
        OutsideMonitor outside = new OutsideMonitor(new OutsideCheck(dns, fetcher,
                new dev.mtasts.check.CertificateCheck(OutsideFixtures.CLOCK)), probe, new ServerMetrics(),
                OutsideFixtures.CLOCK, 1);
        try {
            outside.checkAll(new ServeConfig(List.of(new SiteConfig("d0.example", served)),
                    new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), certs, false, Optional.empty()));
            String page = StatusPage.render(sites(2, 16), Optional.empty(), Optional.of(outside),
                    new FileBackend(new FileStorage(certs)), clock);
            assertTrue(page.contains("d0.example\n") && page.contains("  outside:     WARNING: "), page);
            assertTrue(page.contains("mta-sts.d0.example at 192.0.2.2 serves another policy (mode testing"), page);
            assertTrue(page.contains("fix: make what answers at 192.0.2.2"), page);
            assertTrue(page.contains("(MX certificates: mx.provider.example until 2027-02-01)"), page);
            assertTrue(page.contains("d1.example\n") && page.contains("  outside:     not checked yet"), page);
        } finally {
            outside.close();
        }
    }

    @Test
    void aLargeDeploymentIsSummarizedWithItsProblemDomains() throws Exception {
        Sites sites = sites(StatusPage.DETAILED_UP_TO + 1, 16);
        sites.certificate("mta-sts.d7.example");
        String page = StatusPage.render(sites, Optional.empty(), new FileBackend(new FileStorage(certs)), clock);
        assertTrue(page.contains((StatusPage.DETAILED_UP_TO + 1) + " domains (above " + StatusPage.DETAILED_UP_TO), page);
        assertTrue(page.contains("certificates in memory: 1 (cache of 16); of those 1 self-signed"), page);
        assertTrue(page.contains("problems (1):\n  d7.example: certificate SELF-SIGNED"), page);
        assertFalse(page.contains("d8.example"), page);
    }
}
