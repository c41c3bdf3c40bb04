package dev.mtasts.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Per-domain series stay bounded: the first N domains have their own, later ones count under _other. */
class ServerMetricsTest {

    private static String scrape(ServerMetrics metrics) {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }

    @Test
    void requestsOfDomainsBeyondTheBoundCountUnderOther() {
        ServerMetrics metrics = new ServerMetrics(2);
        metrics.requests("a.example", 200).inc();
        metrics.requests("b.example", 200).inc();
        metrics.requests("c.example", 200).inc();
        metrics.requests("d.example", 404).inc();
        metrics.requests("a.example", 404).inc();
        String text = scrape(metrics);
        assertTrue(text.contains("mtasts_http_requests_total{domain=\"a.example\",status=\"404\"} 1.0"), text);
        assertTrue(text.contains("mtasts_http_requests_total{domain=\"_other\",status=\"200\"} 1.0"), text);
        assertTrue(text.contains("mtasts_http_requests_total{domain=\"_other\",status=\"404\"} 1.0"), text);
        assertFalse(text.contains("c.example"), text);
    }

    @Test
    void certificateGaugesOnlyForTheBoundedDomains() {
        ServerMetrics metrics = new ServerMetrics(1);
        metrics.certificate("a.example", Instant.ofEpochSecond(1000), false);
        metrics.certificate("b.example", Instant.ofEpochSecond(2000), true);
        metrics.nextRenewal("b.example", Instant.ofEpochSecond(3000));
        String text = scrape(metrics);
        assertTrue(text.contains("mtasts_certificate_not_after_seconds{domain=\"a.example\"} 1000"), text);
        assertFalse(text.contains("b.example"), text);
    }

    @Test
    void theUnknownHostLabelTakesNoPlace() {
        ServerMetrics metrics = new ServerMetrics(1);
        metrics.requests(ServerMetrics.UNKNOWN_DOMAIN, 404).inc();
        metrics.requests("a.example", 200).inc();
        assertTrue(scrape(metrics).contains("domain=\"a.example\""));
    }

    @Test
    void theEarliestExpiryAndTheSelfSignedCountCoverDomainsBeyondTheBound() {
        ServerMetrics metrics = new ServerMetrics(1);
        metrics.certificate("a.example", Instant.ofEpochSecond(5000), false);
        metrics.certificate("b.example", Instant.ofEpochSecond(3000), true);
        metrics.certificate("c.example", Instant.ofEpochSecond(4000), false);
        metrics.certificateExpiry("b.example", Instant.ofEpochSecond(2000)); // a renewal check saw it

        String text = scrape(metrics);
        assertTrue(text.contains("mtasts_certificate_earliest_not_after_seconds 2000.0"), text);
        assertTrue(text.contains("mtasts_certificates_self_signed 1.0"), text);

        metrics.forgetDomain("b.example");
        text = scrape(metrics);
        assertTrue(text.contains("mtasts_certificate_earliest_not_after_seconds 4000.0"), text);
        assertTrue(text.contains("mtasts_certificates_self_signed 0.0"), text);
    }

    @Test
    void outsideViewSeriesFollowTheMxHostsSeenAndGoWithTheDomain() {
        ServerMetrics metrics = new ServerMetrics();
        Instant t = Instant.parse("2027-01-01T00:00:00Z");
        metrics.outsideView("a.example", 1, 0, java.util.Map.of("mx1.a.example", t, "mx2.a.example", t));
        metrics.outsideView("a.example", 0, 0, java.util.Map.of("mx2.a.example", t));
        String m = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertFalse(m.contains("mx=\"mx1.a.example\""), m);
        assertTrue(m.contains("mtasts_mx_certificate_not_after_seconds{domain=\"a.example\",mx=\"mx2.a.example\"}"), m);
        assertTrue(m.contains("mtasts_outside_findings{domain=\"a.example\",severity=\"warning\"} 0.0"), m);
        metrics.forgetDomain("a.example");
        m = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertFalse(m.contains("domain=\"a.example\""), m);
    }

    @Test
    void noKnownCertificateMeansNoEarliestExpiry() {
        assertFalse(scrape(new ServerMetrics(1)).contains("mtasts_certificate_earliest_not_after_seconds "));
    }
}
