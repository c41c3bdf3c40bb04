package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportParserTest {

    private final ReportParser parser = new ReportParser();

    private TlsReport parse(String json) throws Exception {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheRfc8460ExampleWithoutQuirks() throws Exception {
        TlsReport r = parse(Fixtures.text(Fixtures.RFC_EXAMPLE));
        assertEquals("5065427c-23d3-47ca-b6e0-946ea0e8c4be", r.reportId());
        assertEquals("Company-X", r.organization());
        assertEquals(Instant.parse("2016-04-01T00:00:00Z"), r.start());
        PolicyResult p = r.policies().get(0);
        assertEquals("company-y.example", p.domain());
        assertEquals(5326, p.successes());
        assertEquals(303, p.failures());
        assertEquals(List.of("certificate-expired", "starttls-not-supported", "validation-failure"),
                p.details().stream().map(FailureDetail::resultType).toList());
        assertEquals(Optional.of("203.0.113.56"), p.details().get(1).receivingIp());
        assertEquals(Optional.of("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"), p.details().get(2).reasonCode());
        assertEquals(List.of(), r.quirks());
    }

    @Test
    void readsALargeSendersQuirksAndNotesEachOne() throws Exception {
        TlsReport r = parse(Fixtures.text(Fixtures.LARGE_SENDER));
        assertEquals(List.of("mail.example.com"), r.policies().get(0).mxHosts());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), r.start());
        assertEquals("no-policy-found", r.policies().get(1).type());
        assertTrue(r.quirks().contains("policies[0].policy.mx-host is a string, not an array"), r.quirks().toString());
        assertTrue(r.quirks().contains("date-range.start-datetime has no time zone (read as UTC)"), r.quirks().toString());
        assertTrue(r.quirks().contains("unknown field x-provider-build ignored"), r.quirks().toString());
    }

    @Test
    void readsCountsWrittenAsStringsAndAMissingContact() throws Exception {
        TlsReport r = parse("""
                {"organization-name": "o", "report-id": "1", "date-range": {"start-datetime": "2026-12-01",
                 "end-datetime": "2026-12-01T23:59:59+01:00"}, "policies": [{"policy": {"policy-type": "sts",
                 "policy-domain": "Example.COM."}, "summary": {"total-successful-session-count": "12",
                 "total-failure-session-count": 0}}]}""");
        assertEquals(12, r.policies().get(0).successes());
        assertEquals("example.com", r.policies().get(0).domain());
        assertEquals(Instant.parse("2026-12-01T22:59:59Z"), r.end());
        assertTrue(r.quirks().contains("contact-info is missing"));
        assertTrue(r.quirks().contains("date-range.start-datetime is a date without a time (read as 00:00 UTC)"));
    }

    @Test
    void refusesJsonThatIsNotAReportWithOneLineSayingWhy() {
        BadReportException noId = assertThrows(BadReportException.class, () -> parse("{\"policies\": []}"));
        assertEquals("not a TLS-RPT report: report-id is missing (RFC 8460 §4.4)", noId.getMessage());
        BadReportException array = assertThrows(BadReportException.class, () -> parse("[1, 2]"));
        assertTrue(array.getMessage().contains("an object was expected"));
        BadReportException noPolicies = assertThrows(BadReportException.class, () -> parse(
                "{\"report-id\": \"x\", \"date-range\": {\"start-datetime\": \"2026-12-01T00:00:00Z\","
                        + " \"end-datetime\": \"2026-12-02T00:00:00Z\"}, \"policies\": []}"));
        assertTrue(noPolicies.getMessage().contains("policies is missing or empty"));
        assertFalse(noPolicies.getMessage().contains("\n"));
    }

    @Test
    void refusesInvalidJsonAndNegativeCounts() {
        assertTrue(assertThrows(BadReportException.class, () -> parse("{\"report-id\": ")).getMessage()
                .startsWith("the body is not valid JSON"));
        String negative = Fixtures.text(Fixtures.RFC_EXAMPLE).replace("5326", "-5");
        assertTrue(assertThrows(BadReportException.class, () -> parse(negative)).getMessage().contains("negative"));
    }

    @Test
    void refusesNestingDeeperThanAnyReport() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertTrue(assertThrows(BadReportException.class, () -> parse(deep)).getMessage()
                .startsWith("the body is not valid JSON"));
    }
}
