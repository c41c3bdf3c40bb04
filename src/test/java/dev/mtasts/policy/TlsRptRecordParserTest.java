package dev.mtasts.policy;

import static dev.mtasts.policy.FindingAssertions.assertFinding;
import static dev.mtasts.policy.FindingAssertions.assertNoFindings;
import static dev.mtasts.policy.FindingAssertions.assertValidWithoutFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Selection and validation of the {@code _smtp._tls} TXT record (RFC 8460 §3). */
class TlsRptRecordParserTest {

    private static final String FIX = "publish _smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"";

    private final TlsRptRecordParser parser = new TlsRptRecordParser();

    private TxtRecordResult<TlsRptRecord> parse(String... records) {
        return parser.parse(List.of(records), "example.com");
    }

    /** Missing, several or invalid TLSRPT is legal: always a warning, never critical. */
    private Finding assertStatus(TxtRecordResult<TlsRptRecord> result, TxtRecordResult.Status status, String text) {
        assertEquals(status, result.status(), result.findings()::toString);
        assertTrue(result.record().isEmpty());
        assertEquals(Severity.WARNING, result.worst());
        Finding f = assertFinding(result.findings(), Severity.WARNING, text);
        assertEquals("RFC 8460 §3", f.rfcSection());
        return f;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v=TLSRPTv1; rua=mailto:tlsrpt@example.com|mailto:tlsrpt@example.com",
        "v=TLSRPTv1;rua=https://reports.example.com/tlsrpt;|https://reports.example.com/tlsrpt",
        "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.net/x|mailto:a@example.com https://r.example.net/x",
        "v=TLSRPTv1; rua=mailto:a@example.com , \thttps://r.example.net|mailto:a@example.com https://r.example.net",
        "v=TLSRPTv1; rua=mailto:tls%2Crpt%21@example.com|mailto:tls%2Crpt%21@example.com",
        "v=TLSRPTv1; rua=https://r.example.com:8443/a%3Bb/c?d=%2C&e=f|https://r.example.com:8443/a%3Bb/c?d=%2C&e=f",
        "v=TLSRPTv1; rua=mailto:first.last+tls@example.com?subject=TLS%20report|mailto:first.last+tls@example.com?subject=TLS%20report",
        "v=TLSRPTv1; rua=MAILTO:A@EXAMPLE.COM|MAILTO:A@EXAMPLE.COM",
        "v=TLSRPTv1; ext=1; rua=https://r.example.com|https://r.example.com",
    })
    void acceptsMailtoAndHttpsUris(String record, String uris) {
        assertEquals(Arrays.asList(uris.split(" ")), assertValidWithoutFindings(parse(record)).rua());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://r.example.com/", "ftp://r.example.com/", "tlsrpt@example.com", "", "mailto:",
        "mailto:@example.com", "mailto:a@", "mailto:a@example..com", "mailto:a@example.com?x=!",
        "https://r.example.com/a!b", "mailto:a%2@example.com", "mailto:a%zz@example.com", "https://r.example.com/%",
        "mailto:a b@example.com", "mailto:a\"b@example.com", "https://", "https:///path", "https://r.example.com/<x>",
        "https://r.example.com/é", "mailto:a@example.com,", ",mailto:a@example.com", "mailto:a@example.com,,https://r.example.com"})
    void rejectsRuaThatIsNotAnEncodedMailtoOrHttpsUri(String rua) {
        Finding f = assertStatus(parse("v=TLSRPTv1; rua=" + rua), TxtRecordResult.Status.INVALID, "rua URI");
        assertEquals(FIX, f.fix());
    }

    @Test
    void rejectsUnencodedSemicolonInUri() {
        assertStatus(parse("v=TLSRPTv1; rua=mailto:a@example.com;x"), TxtRecordResult.Status.INVALID, "is invalid");
    }

    @Test
    void rejectsRecordWithoutRua() {
        assertStatus(parse("v=TLSRPTv1; ruf=mailto:a@example.com"), TxtRecordResult.Status.INVALID, "no 'rua=' field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=TLSRPTv1", "v=TLSRPTv1; rua=mailto:a@example.com ", "v=TLSRPTv1 rua=mailto:a@example.com",
        "v=TLSRPTv1; rua=mailto:a@example.com; x=a b", "v=TLSRPTv1; RUA=mailto:a@example.com"})
    void rejectsRecordOutsideTheGrammar(String record) {
        assertStatus(parse(record), TxtRecordResult.Status.INVALID, "_smtp._tls.example.com");
    }

    @Test
    void warnsAboutMissingRecordWithTemplateFix() {
        Finding f = assertStatus(parse("v=spf1 -all"), TxtRecordResult.Status.ABSENT, "no TLSRPT record");
        assertEquals(FIX, f.fix());
    }

    @Test
    void warnsAboutSeveralRecordsAndShowsThem() {
        Finding f = assertStatus(parse("v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"),
                TxtRecordResult.Status.SEVERAL, "2 TLSRPT records");
        assertTrue(f.message().contains("\"v=TLSRPTv1; rua=mailto:a@example.com\", \"v=TLSRPTv1; rua=mailto:b@example.com\""),
                f::message);
    }

    @Test
    void discardsRecordsNotStartingWithVersion() {
        TxtRecordResult<TlsRptRecord> result = parse("v=STSv1; id=1", "v=TLSRPTv10; rua=mailto:x@example.com",
                "V=TLSRPTv1; rua=mailto:y@example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com");
        assertEquals(List.of("mailto:tlsrpt@example.com"), result.record().orElseThrow().rua());
    }

    @Test
    void warnsAboutWhiteSpaceBeforeFirstSemicolonButAcceptsIt() {
        TxtRecordResult<TlsRptRecord> result = parse("v=TLSRPTv1 ; rua=mailto:a@example.com");
        assertEquals(List.of("mailto:a@example.com"), result.record().orElseThrow().rua());
        assertFinding(result.findings(), Severity.WARNING, "white space between 'v=TLSRPTv1' and ';'");
    }

    @Test
    void usesFirstOfSeveralRuaWithWarning() {
        TxtRecordResult<TlsRptRecord> result = parse("v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com, https://x.example.com");
        assertEquals(List.of("mailto:a@example.com"), result.record().orElseThrow().rua());
        assertFinding(result.findings(), Severity.WARNING, "more than one rua");
    }

    @Test
    void rendersTemplateThatParsesBack() {
        TlsRptRecord template = TlsRptRecord.template("example.com");
        assertEquals("v=TLSRPTv1; rua=mailto:tlsrpt@example.com", template.render());
        assertEquals(template, parse(template.render()).record().orElseThrow());
        TlsRptRecord two = new TlsRptRecord(List.of("mailto:a@example.com", "https://r.example.com/x"));
        assertEquals(two, parse(two.render()).record().orElseThrow());
    }

    @Test
    void requiresAtLeastOneRuaUri() {
        assertThrows(IllegalArgumentException.class, () -> new TlsRptRecord(List.of()));
    }
}
