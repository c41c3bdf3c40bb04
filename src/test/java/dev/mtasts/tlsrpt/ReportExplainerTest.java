package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportExplainerTest {

    private static final String OLD_POLICY = "version: STSv1\nmode: testing\nmx: *.mail.company-y.example\nmax_age: 86400\n";
    private static final String NEW_POLICY = "version: STSv1\nmode: enforce\nmx: *.mail.company-y.example\nmax_age: 86400\n";
    private static final LocalDate DAY = LocalDate.parse("2016-04-01");

    private static TlsReport rfcExample() throws Exception {
        return new ReportParser().parse(new ByteArrayInputStream(Fixtures.bytes(Fixtures.RFC_EXAMPLE)));
    }

    private static ServedChange served(String at, String id, String policy, String notAfter, boolean selfSigned) {
        return new ServedChange(Instant.parse(at), new ServedState("company-y.example", id, policy,
                Optional.of("ab"), Optional.of(Instant.parse(notAfter)), selfSigned));
    }

    private static FailureDetail detail(String type) {
        return new FailureDetail(type, Optional.of("192.0.2.1"), Optional.of("mx1.mail.company-y.example"),
                Optional.empty(), 5, Optional.empty(), Optional.empty());
    }

    @Test
    void aSenderOnTheOlderPolicyIsNamedStale() throws Exception {
        TlsReport report = rfcExample();
        ReportExplainer explainer = new ReportExplainer(List.of(
                served("2016-03-01T00:00:00Z", "20160301", OLD_POLICY, "2016-06-01T00:00:00Z", false),
                served("2016-03-20T00:00:00Z", "20160320", NEW_POLICY, "2016-06-01T00:00:00Z", false)), List.of());
        String note = explainer.policyNote(report, report.policies().get(0)).orElseThrow();
        assertTrue(note.startsWith("stale policy: the sender applied the policy with id 20160301"), note);
        assertTrue(note.contains("this server served id 20160320"), note);
    }

    @Test
    void theSenderOnTheServedPolicyGetsNoNote() throws Exception {
        TlsReport report = rfcExample();
        ReportExplainer explainer = new ReportExplainer(List.of(
                served("2016-03-01T00:00:00Z", "20160301", OLD_POLICY, "2016-06-01T00:00:00Z", false)), List.of());
        assertEquals(Optional.empty(), explainer.policyNote(report, report.policies().get(0)));
    }

    @Test
    void aFetchErrorIsExplainedByHandshakesRefusedForAnUnservedName() throws Exception {
        TlsReport report = rfcExample();
        ReportExplainer explainer = new ReportExplainer(List.of(), List.of(
                new HandshakeFailure(DAY, "unknown_sni", "mta-sts.company-y.example", "192.0.2.1", 7),
                new HandshakeFailure(DAY, "unknown_sni", "mta-sts.other.example", "192.0.2.1", 99),
                new HandshakeFailure(DAY.plusDays(3), "unknown_sni", "mta-sts.company-y.example", "192.0.2.1", 50)));
        Explanation e = explainer.explain(report, report.policies().get(0), detail("sts-policy-fetch-error"));
        assertTrue(e.seenHere());
        assertTrue(e.cause().contains("this server did not serve mta-sts.company-y.example over the report's range"),
                e.cause());
        assertTrue(e.cause().contains("7 handshake(s) for mta-sts.company-y.example failed here: unknown name"),
                e.cause());
    }

    @Test
    void aDomainAddedInsideTheRangeWasNotServedForPartOfIt() throws Exception {
        TlsReport report = rfcExample();
        ReportExplainer explainer = new ReportExplainer(List.of(
                served("2016-04-01T15:00:00Z", "20160401", OLD_POLICY, "2016-06-01T00:00:00Z", false)), List.of());
        Explanation e = explainer.explain(report, report.policies().get(0), detail("sts-policy-fetch-error"));
        assertTrue(e.cause().contains("did not serve mta-sts.company-y.example for part of the report's range (served"
                + " from 2016-04-01T15:00:00Z)"), e.cause());
    }

    @Test
    void anExpiredServedCertificateExplainsAWebPkiFailure() throws Exception {
        TlsReport report = rfcExample();
        ReportExplainer explainer = new ReportExplainer(List.of(
                served("2016-03-01T00:00:00Z", "20160301", OLD_POLICY, "2016-04-01T12:00:00Z", false)), List.of(
                new HandshakeFailure(DAY, "alert_certificate_expired", "mta-sts.company-y.example", "192.0.2.9", 3)));
        Explanation e = explainer.explain(report, report.policies().get(0), detail("sts-webpki-invalid"));
        assertTrue(e.cause().contains("expired at 2016-04-01T12:00:00Z, inside the report's range"), e.cause());
        assertTrue(e.cause().contains("3 handshake(s) for mta-sts.company-y.example failed here: the client rejected"
                + " the certificate as expired"), e.cause());
        assertTrue(e.fix().contains("mta-sts.company-y.example"), e.fix());
    }

    @Test
    void aFetchErrorWithNothingSeenHereSaysTheRequestsDidNotArrive() throws Exception {
        TlsReport report = rfcExample();
        ReportExplainer explainer = new ReportExplainer(List.of(
                served("2016-03-01T00:00:00Z", "20160301", OLD_POLICY, "2016-06-01T00:00:00Z", false)), List.of());
        Explanation e = explainer.explain(report, report.policies().get(0), detail("sts-policy-fetch-error"));
        assertFalse(e.seenHere());
        assertTrue(e.cause().contains("probably did not reach it"), e.cause());
    }

    @Test
    void anMxSideFailureNamesTheMxAndItsFix() throws Exception {
        TlsReport report = rfcExample();
        Explanation e = new ReportExplainer(List.of(), List.of()).explain(report, report.policies().get(0),
                report.policies().get(0).details().get(1));
        assertEquals("the MX (mx2.mail.company-y.example) did not offer STARTTLS", e.cause());
        assertEquals("enable STARTTLS on the MX", e.fix());
    }
}
