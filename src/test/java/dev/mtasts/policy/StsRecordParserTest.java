package dev.mtasts.policy;

import static dev.mtasts.policy.FindingAssertions.assertEverySectionNamed;
import static dev.mtasts.policy.FindingAssertions.assertFinding;
import static dev.mtasts.policy.FindingAssertions.assertNoFindings;
import static dev.mtasts.policy.FindingAssertions.assertValidWithoutFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Selection and validation of the {@code _mta-sts} TXT record (RFC 8461 §3.1). */
class StsRecordParserTest {

    private static final String EXPECTED = "v=STSv1; id=20260101";

    private final StsRecordParser parser = new StsRecordParser();

    private TxtRecordResult<StsRecord> parse(String... records) {
        return parser.parse(List.of(records), "example.com", EXPECTED);
    }

    private Finding assertStatus(TxtRecordResult<StsRecord> result, TxtRecordResult.Status status, String text) {
        assertEquals(status, result.status(), result.findings()::toString);
        assertTrue(result.record().isEmpty());
        return assertFinding(result.findings(), Severity.CRITICAL, text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v=STSv1; id=20260101|20260101",
        "v=STSv1;id=abc|abc",
        "v=STSv1; id=abc;|abc",
        "'v=STSv1;\tid=abc\t;\t'|abc",
        "'v=STSv1; id=abc; '|abc",
        "v=STSv1; ext=value; id=XYZ9|XYZ9",
        "v=STSv1; id=a1234567890123456789012345678901|a1234567890123456789012345678901",
    })
    void acceptsValidRecord(String record, String id) {
        assertEquals(new StsRecord(new PolicyId(id)), assertValidWithoutFindings(parse(record)));
    }

    @Test
    void ignoresExtensionFieldsOfAnyPrintableValue() {
        TxtRecordResult<StsRecord> result = parse("v=STSv1; x.y_z-1=!\"#$%&'()*+,-./:<>?@[\\]^_`{|}~; id=abc");
        assertEquals("abc", result.record().orElseThrow().id().value());
        assertNoFindings(result.findings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=STSv1; id=", "v=STSv1; id=2026-01-01", "v=STSv1; id=v1.2", "v=STSv1; id=a_b",
        "v=STSv1; id=a12345678901234567890123456789012", "v=STSv1; id=ab cd", "v=STSv1; id=ïd"})
    void rejectsIdThatIsNotOneToThirtyTwoLettersAndDigits(String record) {
        assertStatus(parse(record), TxtRecordResult.Status.INVALID, "must be 1 to 32 letters and digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=STSv1; ext=1", "v=STSv1; ID=abc", "v=STSv1; Id=abc;"})
    void rejectsRecordWithoutId(String record) {
        assertStatus(parse(record), TxtRecordResult.Status.INVALID, "no 'id=' field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=STSv1", "v=STSv1;", "v=STSv1 id=abc", "v=STSv1; id=abc;;", "v=STSv1; id=abc; ext",
        "v=STSv1; id=abc; ext=a b", "v=STSv1; id=abc; ext=a=b", "v=STSv1; id=abc; _ext=1", "v=STSv1; id=abc; ext=",
        "v=STSv1; id=abc ", "v=STSv1; id=abc\t", "v=STSv1; id=abc; x23456789012345678901234567890abc=1"})
    void rejectsRecordOutsideTheGrammar(String record) {
        Finding f = assertStatus(parse(record), TxtRecordResult.Status.INVALID, "_mta-sts.example.com");
        assertEquals("publish exactly one record: _mta-sts.example.com. TXT \"" + EXPECTED + "\"", f.fix());
    }

    @Test
    void warnsAboutWhiteSpaceBeforeFirstSemicolonButAcceptsIt() {
        TxtRecordResult<StsRecord> result = parse("v=STSv1 ; id=abc");
        assertEquals("abc", result.record().orElseThrow().id().value());
        assertFinding(result.findings(), Severity.WARNING, "white space between 'v=STSv1' and ';'");
    }

    @Test
    void usesFirstOfSeveralIdsWithWarning() {
        TxtRecordResult<StsRecord> result = parse("v=STSv1; id=first; id=second");
        assertEquals("first", result.record().orElseThrow().id().value());
        assertFinding(result.findings(), Severity.WARNING, "more than one id");
    }

    @Test
    void discardsRecordsNotStartingWithVersion() {
        TxtRecordResult<StsRecord> result = parse("v=spf1 -all", "id=x; v=STSv1", " v=STSv1; id=lead",
                "V=STSv1; id=upper", "v=stsv1; id=lower", "v=STSv1; id=abc", "google-site-verification=x");
        assertEquals("abc", result.record().orElseThrow().id().value());
        assertNoFindings(result.findings());
    }

    @Test
    void namesSeveralRecordsInTheSameOrderWhateverOrderDnsAnswersIn() {
        String one = parse("v=STSv1; id=b", "v=STSv1; id=a").findings().get(0).message();
        String other = parse("v=STSv1; id=a", "v=STSv1; id=b").findings().get(0).message();
        assertEquals(one, other);
        assertTrue(one.contains("\"v=STSv1; id=a\", \"v=STSv1; id=b\""), one);
    }

    @Test
    void reportsAnotherVersionStartingWithTheSameCharactersAsCriticalForPostfix() {
        // RFC 8461 discards 'v=STSv10', postfix-mta-sts-resolver counts two records starting with 'v=STSv1'
        Finding f = assertStatus(parse("v=STSv10; id=other", "v=STSv1; id=abc"), TxtRecordResult.Status.SEVERAL,
                "postfix-mta-sts-resolver counts them all");
        assertTrue(f.message().startsWith("2 TXT records at _mta-sts.example.com start with the characters 'v=STSv1'"),
                f::message);
    }

    @Test
    void reportsAbsentRecordAsCriticalAndShowsOtherRecords() {
        Finding f = assertStatus(parse("v=spf1 -all", "v=STSv2; id=1"), TxtRecordResult.Status.ABSENT, "no TXT record");
        assertTrue(f.message().contains("\"v=STSv2; id=1\", \"v=spf1 -all\""), f::message);
        assertEquals("publish exactly one record: _mta-sts.example.com. TXT \"" + EXPECTED + "\"", f.fix());
    }

    @Test
    void reportsNoRecordsAtAllAsAbsent() {
        assertStatus(parse(), TxtRecordResult.Status.ABSENT, "_mta-sts.example.com");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v=STSv1; id=a|v=STSv1; id=b",
        "v=STSv1; id=a|v=STSv1; id=a",
        "v=STSv1; id=a|v=STSv1; id=bad-id",
    })
    void reportsSeveralRecordsAsCriticalAndShowsThem(String first, String second) {
        Finding f = assertStatus(parse(first, "v=spf1 -all", second), TxtRecordResult.Status.SEVERAL, "2 TXT records");
        assertTrue(f.message().contains("\"" + first + "\", \"" + second + "\""), f::message);
        assertTrue(!f.message().contains("spf1"), f::message);
    }

    @Test
    void treatsEachListElementAsOneAlreadyConcatenatedRecord() {
        // The strings of one TXT record are joined by the caller: two elements are two records.
        TxtRecordResult<StsRecord> split = parse("v=STSv1; id=2026", "0101");
        assertEquals("2026", split.record().orElseThrow().id().value());
        assertEquals("20260101", parse("v=STSv1; id=2026" + "0101").record().orElseThrow().id().value());
    }

    @Test
    void omitsFixWhenNoExpectedRecordIsGiven() {
        TxtRecordResult<StsRecord> result = parser.parseOne("v=STSv1; id=bad-id", "_mta-sts.example.com", "");
        assertEquals(TxtRecordResult.Status.INVALID, result.status());
        assertEquals("", result.findings().get(0).fix());
    }

    @Test
    void rendersRecordThatParsesBack() {
        StsRecord record = new StsRecord(new PolicyId("20260101"));
        assertEquals("v=STSv1; id=20260101", record.render());
        assertEquals(record, parse(record.render()).record().orElseThrow());
    }

    @Test
    void namesRfc8461Section31InEveryFinding() {
        List<Finding> findings = List.of(parse().findings(), parse("v=STSv1 ; id=a; id=b").findings(),
                parse("v=STSv1; id=a", "v=STSv1; id=b").findings(), parse("v=STSv1; x").findings())
                .stream().flatMap(List::stream).toList();
        assertEverySectionNamed(findings);
        assertTrue(findings.stream().allMatch(f -> f.rfcSection().equals("RFC 8461 §3.1")), findings::toString);
    }
}
