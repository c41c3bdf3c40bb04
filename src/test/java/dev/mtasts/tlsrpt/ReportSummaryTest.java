package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReportSummaryTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-02T06:00:00Z");

    private static StoredReport stored(String fixture) throws Exception {
        return StoredReport.of(new ReportParser().parse(new ByteArrayInputStream(Fixtures.bytes(fixture))), RECEIVED,
                StoredReport.MAIL);
    }

    private static ReportSummary summary(List<String> only) throws Exception {
        return ReportSummary.of(RECEIVED.minusSeconds(86_400), List.of(stored(Fixtures.RFC_EXAMPLE),
                stored(Fixtures.LARGE_SENDER)), new ReportExplainer(List.of(), List.of()), only);
    }

    @Test
    void sumsPerDomainAsTheMetricsDoAndKeepsOnlyTheDomainsAsked() throws Exception {
        ReportSummary all = summary(List.of());
        assertEquals(List.of("company-y.example", "example.com"), all.domains().stream().map(DomainReports::domain).toList());
        DomainReports example = all.domains().get(1);
        assertEquals(1230, example.successes());
        assertEquals(7, example.failures());
        assertEquals(4L, example.failuresByType().get("sts-policy-fetch-error"));
        assertEquals(List.of("example.com"), summary(List.of("example.com")).domains().stream()
                .map(DomainReports::domain).toList());
    }

    @Test
    void theStatusPageLinesGiveEachDomainsCounts() throws Exception {
        String brief = SummaryRenderer.brief(summary(List.of()));
        assertTrue(brief.contains("  example.com: 1 report(s), 1230 session(s) ok, 7 failed (certificate-host-mismatch 3,"
                + " sts-policy-fetch-error 4)\n"), brief);
    }

    @Test
    void namesTheMxOfMxSideFailuresForAFreshCheckAndShowsWhatItFound() throws Exception {
        ReportSummary all = summary(List.of());
        assertEquals(new TreeSet<>(Set.of("mail.example.com", "mx1.mail.company-y.example", "mx2.mail.company-y.example",
                "mx-backup.mail.company-y.example")), all.mxToCheck());
        all.mxChecked("mail.example.com", List.of("WARNING: mail.example.com does not offer STARTTLS"));
        assertTrue(SummaryRenderer.text(all).contains("MX mail.example.com checked now (STARTTLS on port 25):\n"
                + "  WARNING: mail.example.com does not offer STARTTLS\n"), SummaryRenderer.text(all));
        assertTrue(SummaryRenderer.json(all).contains("\"mail.example.com\" : [ \"WARNING: mail.example.com does not"
                + " offer STARTTLS\" ]"), SummaryRenderer.json(all));
    }
}
