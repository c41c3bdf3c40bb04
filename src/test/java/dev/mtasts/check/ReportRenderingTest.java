package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {

    private static final CheckReport REPORT = new CheckReport("example.com", List.of(
            Section.of(Area.STS_RECORD, List.of(new Finding(Severity.CRITICAL, "no \"TXT\" record\n", "RFC 8461 §3.1",
                    "publish _mta-sts.example.com. TXT \"v=STSv1; id=1\""))),
            Section.unknown(Area.TLSRPT, Finding.of(Severity.WARNING, "RFC 8460 §3", "SERVFAIL"))));

    private static String text(boolean colour) {
        StringWriter out = new StringWriter();
        new TextReport(colour).write(List.of(REPORT), new PrintWriter(out));
        return out.toString();
    }

    @Test
    void textGroupsFindingsUnderTheirAreaWithSectionAndFix() {
        String t = text(false);
        assertTrue(t.startsWith("example.com: CRITICAL\n  MTA-STS TXT record\n    CRITICAL no \"TXT\" record"), t);
        assertTrue(t.contains("[RFC 8461 §3.1]\n             fix: publish _mta-sts.example.com. TXT"), t);
        assertTrue(t.contains("  TLS reporting (could not be checked)\n"), t);
        assertTrue(t.endsWith("CRITICAL: 1 domain(s) checked (0 OK, 0 WARNING, 1 CRITICAL, 0 UNKNOWN)\n"), t);
    }

    @Test
    void colourOnlyWhenAsked() {
        assertFalse(text(false).contains("\u001B["));
        assertTrue(text(true).contains("\u001B[31mCRITICAL"));
    }

    @Test
    void jsonHasTheDocumentedShapeAndEscapes() {
        StringWriter out = new StringWriter();
        new JsonReport().write(List.of(REPORT), new PrintWriter(out));
        assertEquals("{\"format\":\"mta-sts-check/1\",\"verdict\":\"CRITICAL\",\"exit_code\":2,\"domains\":["
                + "{\"domain\":\"example.com\",\"verdict\":\"CRITICAL\",\"sections\":["
                + "{\"area\":\"sts-record\",\"title\":\"MTA-STS TXT record\",\"indeterminate\":false,\"worst\":\"CRITICAL\","
                + "\"findings\":[{\"severity\":\"CRITICAL\",\"message\":\"no \\\"TXT\\\" record\\n\","
                + "\"rfc_section\":\"RFC 8461 §3.1\",\"fix\":\"publish _mta-sts.example.com. TXT \\\"v=STSv1; id=1\\\"\"}]},"
                + "{\"area\":\"tlsrpt\",\"title\":\"TLS reporting\",\"indeterminate\":true,\"worst\":\"WARNING\","
                + "\"findings\":[{\"severity\":\"WARNING\",\"message\":\"SERVFAIL\",\"rfc_section\":\"RFC 8460 §3\",\"fix\":\"\"}]}"
                + "]}]}\n", out.toString());
    }

    @Test
    void jsonEscapesControlCharacters() {
        assertEquals("\"a\\u0001b\\\\\"", JsonReport.str("a\u0001b\\"));
    }
}
