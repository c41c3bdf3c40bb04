package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftCheckTest {

    private final SiteConfig site = new SiteConfig("example.com",
            Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604800));
    private final String served = site.policy().id().value();

    @Test
    void publishedIdOfTheServedPolicyAndCoveredMxAreInSync() {
        DomainDrift d = new DriftCheck(FakeDnsLookups.healthy("example.com", served)).run(site);
        assertEquals(DomainDrift.IdState.MATCH, d.idState());
        assertTrue(d.inSync(), d.describe());
    }

    @Test
    void staleIdIsAWarningWhoseFixIsTheExactRecord() {
        DomainDrift d = new DriftCheck(FakeDnsLookups.healthy("example.com", "20240101T000000")).run(site);
        assertEquals(DomainDrift.IdState.MISMATCH, d.idState());
        assertEquals(Optional.of("20240101T000000"), d.publishedId());
        assertEquals("publish _mta-sts.example.com. TXT \"v=STSv1; id=" + served + "\"", d.problems().get(0).fix());
        assertEquals(Severity.WARNING, d.worst());
    }

    @Test
    void missingRecordIsCritical() {
        DomainDrift d = new DriftCheck(new FakeDnsLookups().mx("example.com", "mail.example.com")).run(site);
        assertEquals(DomainDrift.IdState.MISSING, d.idState());
        assertEquals(Severity.CRITICAL, d.worst());
        assertTrue(d.problems().get(0).fix().contains("id=" + served), d.problems().toString());
    }

    @Test
    void uncoveredMxInEnforceModeIsCritical() {
        DomainDrift d = new DriftCheck(FakeDnsLookups.healthy("example.com", served)
                .mx("example.com", "mail.example.com", "backup.example.net")).run(site);
        assertEquals(DomainDrift.IdState.MATCH, d.idState());
        assertEquals(1, d.mxProblems());
        assertEquals(Severity.CRITICAL, d.worst());
        assertTrue(d.describe().contains("backup.example.net"), d.describe());
    }

    @Test
    void servfailIsUnknownNotMissing() {
        DomainDrift d = new DriftCheck(FakeDnsLookups.healthy("example.com", served)
                .fail("TXT", "_mta-sts.example.com", LookupStatus.SERVFAIL)).run(site);
        assertEquals(DomainDrift.IdState.UNKNOWN, d.idState());
        assertFalse(d.inSync());
    }

    @Test
    void monitorExposesTheStateInMetrics() {
        ServerMetrics metrics = new ServerMetrics();
        DriftMonitor monitor = new DriftMonitor(new DriftCheck(FakeDnsLookups.healthy("example.com", "old1")), metrics);
        monitor.checkAll(new dev.mtasts.config.ServeConfig(List.of(site),
                new dev.mtasts.config.ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), java.nio.file.Path.of("certs"),
                false, Optional.empty()));
        String m = new String(metrics.scrape());
        assertTrue(m.contains("mtasts_dns_policy_id{domain=\"example.com\",state=\"mismatch\"} 1.0"), m);
        assertTrue(m.contains("mtasts_dns_policy_id{domain=\"example.com\",state=\"match\"} 0.0"), m);
        assertEquals(1, monitor.latest().size());
        monitor.close();
    }
}
