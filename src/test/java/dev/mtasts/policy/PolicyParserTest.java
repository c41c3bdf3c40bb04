package dev.mtasts.policy;

import static dev.mtasts.policy.FindingAssertions.assertEverySectionNamed;
import static dev.mtasts.policy.FindingAssertions.assertFinding;
import static dev.mtasts.policy.FindingAssertions.assertNoFindingAtLeast;
import static dev.mtasts.policy.FindingAssertions.assertNoFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8461 §3.2 and §3.3 as mta-sts-rules.md states them, one rule at a time. */
class PolicyParserTest {

    private static final String VERSION = "version: STSv1";
    private static final String MODE = "mode: enforce";
    private static final String MX = "mx: mail.example.com";
    private static final String MAX_AGE = "max_age: 604800";
    private static final Policy EXPECTED = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604_800);

    private final PolicyParser parser = new PolicyParser();

    /** The lines joined with LF, with a final LF. */
    private static String lines(String... lines) {
        return Arrays.stream(lines).map(l -> l + "\n").collect(Collectors.joining());
    }

    /** A valid policy with {@code extra} appended as its last line. */
    private static String validWith(String extra) {
        return lines(VERSION, MODE, MX, MAX_AGE, extra);
    }

    /** The valid policy with the line of {@code key} replaced by {@code line}. */
    private static String replacing(String key, String line) {
        return Arrays.stream(lines(VERSION, MODE, MX, MAX_AGE).split("\n"))
                .map(l -> l.startsWith(key + ":") ? line : l)
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    private Policy assertAccepted(String body) {
        PolicyParseResult result = parser.parse(body);
        assertTrue(result.isValid(), () -> "rejected: " + result.findings());
        assertNoFindingAtLeast(result.findings(), Severity.CRITICAL);
        return result.policy().orElseThrow();
    }

    private Finding assertRejected(String body, String text) {
        PolicyParseResult result = parser.parse(body);
        assertTrue(result.policy().isEmpty(), () -> "accepted: " + result.findings());
        return assertFinding(result.findings(), Severity.CRITICAL, text);
    }

    // --- line structure ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n",
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n",
        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800",
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800",
        "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 604800\n",
    })
    void acceptsLfAndCrlfLineEndingsWithOrWithoutFinalTerminator(String body) {
        PolicyParseResult result = parser.parse(body);
        assertEquals(EXPECTED, result.policy().orElseThrow());
        assertNoFindings(result.findings());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version: STSv1\rmode: enforce\nmx: mail.example.com\nmax_age: 604800\n",
        "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\r",
    })
    void rejectsCarriageReturnWithoutLineFeed(String body) {
        assertRejected(body, "carriage return");
    }

    @Test
    void rejectsByteOrderMark() {
        Finding f = assertRejected("\uFEFF" + validWith("mx: mx2.example.com"), "byte order mark");
        assertEquals("RFC 8461 §3.2", f.rfcSection());
    }

    @Test
    void rejectsUtf8ByteOrderMarkInRawBody() {
        byte[] text = validWith("mx: mx2.example.com").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        PolicyParseResult result = parser.parse(body);
        assertTrue(result.policy().isEmpty());
        assertFinding(result.findings(), Severity.CRITICAL, "byte order mark");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "version: STSv1\\n\\nmode: enforce\\nmx: mail.example.com\\nmax_age: 604800\\n|line 2",
        "version: STSv1\\nmode: enforce\\nmx: mail.example.com\\nmax_age: 604800\\n\\n|line 5",
        "version: STSv1\\r\\nmode: enforce\\r\\n \\t\\r\\nmx: mail.example.com\\r\\nmax_age: 604800|line 3",
        "\\nversion: STSv1\\nmode: enforce\\n\\nmx: mail.example.com\\nmax_age: 604800|lines 1, 4",
    })
    void warnsAboutBlankLinesButAcceptsThePolicy(String escaped, String where) {
        String body = escaped.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        PolicyParseResult result = parser.parse(body);
        assertEquals(EXPECTED, result.policy().orElseThrow());
        Finding f = assertFinding(result.findings(), Severity.WARNING, "blank line");
        assertTrue(f.message().contains(where), f::message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"# MTA-STS policy", "#mode: testing", "; comment", "// comment"})
    void warnsAboutCommentLinesThatSendersSkip(String comment) {
        assertSkippedLine(validWith(comment), "line 5");
    }

    @Test
    void namesCommentAsTheProblem() {
        assertSkippedLine("# policy\n" + validWith("mx: mx2.example.com"), "line 1 '# policy' is a comment");
    }

    /** A line both senders skip: the policy stands, with a WARNING that names them. */
    private Finding assertSkippedLine(String body, String text) {
        PolicyParseResult result = parser.parse(body);
        assertTrue(result.policy().isPresent(), () -> "rejected: " + result.findings());
        Finding f = assertFinding(result.findings(), Severity.WARNING, text);
        assertTrue(f.message().endsWith("postfix-mta-sts-resolver and mailauth skip the line"), f::message);
        assertNoFindingAtLeast(result.findings(), Severity.CRITICAL);
        return f;
    }

    @ParameterizedTest
    @CsvSource({"mode, 5", "version, 5", "max_age, 5"})
    void rejectsBareKnownKeyAfterItsValueAsPostfixReadsAnEmptyValue(String key, int line) {
        PolicyParseResult result = parser.parse(validWith(key));
        assertTrue(result.policy().isEmpty(), () -> "accepted: " + result.findings());
        assertFinding(result.findings(), Severity.CRITICAL, "line " + line + " '" + key + "' has no ':';"
                + " postfix-mta-sts-resolver reads it as an empty " + key);
    }

    @Test
    void acceptsBareKnownKeyBeforeItsValueWithWarning() {
        assertSkippedLine("mode\n" + validWith("note: x"), "line 1 'mode' is not 'key: value'");
        assertSkippedLine(validWith("mx"), "line 5 'mx' is not 'key: value'");
    }

    @Test
    void namesTheLineOfAnInvalidValue() {
        assertRejected(lines(VERSION, MX, "mode: enforcing", MAX_AGE), "line 3: mode is 'enforcing'");
        assertRejected(lines("version: STSv2", MODE, MX, MAX_AGE), "line 1: version is 'STSv2'");
        assertRejected(lines(VERSION, MODE, MX, "max_age: -1"), "line 4: max_age '-1'");
    }

    @Test
    void rejectsCommentAfterValue() {
        assertRejected(replacing("mode", "mode: enforce # production"), "mode is 'enforce # production'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mode : enforce|has a space before ':'",
        "'mode\t: enforce'|has a space before ':'",
        "mode  :enforce|has a space before ':'",
        "' mode: enforce'|starts with white space",
        "'\tmode: enforce'|starts with white space",
        "mode enforce|is not 'key: value'",
        "mode=enforce|is not 'key: value'",
        "STSv1|is not 'key: value'",
    })
    void namesTheProblemOfAMalformedLineThatLosesTheMode(String line, String why) {
        PolicyParseResult result = parser.parse(replacing("mode", line));
        assertTrue(result.policy().isEmpty(), () -> "accepted: " + result.findings());
        assertFinding(result.findings(), Severity.WARNING, "line 2 '" + line + "' " + why);
        assertFinding(result.findings(), Severity.CRITICAL, "required key 'mode' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mode:enforce", "mode:\tenforce", "mode: enforce   ", "mode:  enforce\t"})
    void acceptsWhiteSpaceAfterColonAndAtEndOfLine(String line) {
        assertEquals(EXPECTED, assertAccepted(replacing("mode", line)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mode:", "mode: ", "mx:", "max_age:\t"})
    void rejectsKeyWithoutValue(String line) {
        String key = line.substring(0, line.indexOf(':'));
        assertRejected(replacing(key, line), "'" + key + "' has no value");
    }

    @Test
    void rejectsEmptyBody() {
        assertRejected("", "empty");
        assertTrue(parser.parse(new byte[0]).policy().isEmpty());
    }

    // --- keys -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Mode: testing", "MODE: none", "Mx: other.example.net", "Max_Age: 60", "VERSION: STSv2"})
    void ignoresKeyThatDiffersOnlyInCaseWithWarning(String line) {
        PolicyParseResult result = parser.parse(validWith(line));
        assertEquals(EXPECTED, result.policy().orElseThrow());
        Finding f = assertFinding(result.findings(), Severity.WARNING, "case-sensitive");
        int colon = line.indexOf(':');
        assertEquals("write '" + line.substring(0, colon).toLowerCase(Locale.ROOT) + line.substring(colon) + "'", f.fix());
    }

    @ParameterizedTest
    @CsvSource({"version, Version: STSv1", "mode, Mode: enforce", "max_age, MAX_AGE: 604800"})
    void rejectsRequiredKeyWrittenInOtherCase(String key, String line) {
        assertRejected(replacing(key, line), "required key '" + key + "' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo: bar", "x-ext: a value with  spaces", "a.b_c-d: 1", "Z9: naïve €",
        "ext: a\u2028b", "x23456789012345678901234567890ab: 32 characters is the longest name"})
    void ignoresUnknownKeys(String line) {
        PolicyParseResult result = parser.parse(validWith(line));
        assertEquals(EXPECTED, result.policy().orElseThrow());
        assertFinding(result.findings(), Severity.INFO, "unknown key");
        assertNoFindingAtLeast(result.findings(), Severity.WARNING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext: a\u0001b", "ext: bell\u0007", "ext: a\u007Fb"})
    void warnsAboutUnknownKeyWithControlCharactersThatSendersIgnore(String line) {
        PolicyParseResult result = parser.parse(validWith(line));
        assertEquals(EXPECTED, result.policy().orElseThrow());
        assertFinding(result.findings(), Severity.WARNING, "control characters");
        assertNoFindingAtLeast(result.findings(), Severity.CRITICAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x23456789012345678901234567890abc: 33 characters", "_ext: x", "-ext: x",
        "ext/1: x", "ключ: x"})
    void warnsAboutInvalidKeyThatSendersSkip(String line) {
        assertSkippedLine(validWith(line), "invalid key");
    }

    @ParameterizedTest
    @CsvSource({
        "mode, mode: testing, ENFORCE",
        "max_age, max_age: 86400, ENFORCE",
        "version, version: STSv2, ENFORCE",
    })
    void keepsFirstOfDuplicatedKeyAndWarns(String key, String second, Mode mode) {
        PolicyParseResult result = parser.parse(validWith(second));
        assertEquals(EXPECTED, result.policy().orElseThrow());
        Finding f = assertFinding(result.findings(), Severity.WARNING, "'" + key + "' repeats line");
        assertTrue(f.message().contains("line 5"), f::message);
        assertEquals(mode, result.policy().orElseThrow().mode());
    }

    @Test
    void judgesTheFirstOfDuplicatedKeys() {
        assertRejected(lines("version: STSv2", "version: STSv1", MODE, MX, MAX_AGE), "version is 'STSv2'");
    }

    // --- version, mode, max_age -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"STSv2", "stsv1", "STSV1", "STSv1.0", "STSv1;", "\"STSv1\""})
    void rejectsVersionOtherThanStsV1(String version) {
        assertRejected(replacing("version", "version: " + version), "must be 'STSv1'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "mode", "max_age"})
    void rejectsPolicyMissingRequiredKey(String key) {
        String body = Arrays.stream(lines(VERSION, MODE, MX, MAX_AGE).split("\n"))
                .filter(l -> !l.startsWith(key + ":")).map(l -> l + "\n").collect(Collectors.joining());
        Finding f = assertRejected(body, "required key '" + key + "' is missing");
        assertTrue(f.fix().startsWith("add the line '" + key + ": "), f::fix);
    }

    @ParameterizedTest
    @CsvSource({"enforce, ENFORCE", "testing, TESTING", "none, NONE"})
    void acceptsEachMode(String token, Mode mode) {
        assertEquals(mode, assertAccepted(replacing("mode", "mode: " + token)).mode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Enforce", "ENFORCE", "report", "enforced", "testing,enforce", "none none"})
    void rejectsModeThatIsNotAnExactToken(String mode) {
        assertRejected(replacing("mode", "mode: " + mode), "mode is '" + mode + "'");
    }

    @ParameterizedTest
    @CsvSource({"86400, 86400", "604800, 604800", "31557600, 31557600", "0000604800, 604800", "1209600, 1209600"})
    void acceptsMaxAgeOfDigits(String value, long seconds) {
        PolicyParseResult result = parser.parse(replacing("max_age", "max_age: " + value));
        assertEquals(seconds, result.policy().orElseThrow().maxAgeSeconds());
        assertNoFindings(result.findings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "+86400", "1e6", "86400s", "86 400", "86400.0", "0x15180", "12345678901",
        "00000000086400", "٨٦٤٠٠", "1w"})
    void rejectsMaxAgeThatIsNotOneToTenDigits(String value) {
        assertRejected(replacing("max_age", "max_age: " + value), "must be 1 to 10 digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"31557601", "99999999", "9999999999"})
    void rejectsMaxAgeAboveOneYearAsBothSendersDo(String value) {
        Finding f = assertRejected(replacing("max_age", "max_age: " + value), "line 4: max_age " + value
                + " exceeds the maximum 31557600");
        assertTrue(f.message().endsWith("postfix-mta-sts-resolver and mailauth reject the policy"), f::message);
        assertEquals("max_age: 31557600", f.fix());
    }

    @Test
    void acceptsMaxAgeOfExactlyOneYear() {
        assertEquals(Policy.MAX_AGE_LIMIT, assertAccepted(replacing("max_age", "max_age: 31557600")).maxAgeSeconds());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 3600, 86_399})
    void warnsAboutMaxAgeUnderOneDay(long seconds) {
        PolicyParseResult result = parser.parse(replacing("max_age", "max_age: " + seconds));
        assertEquals(seconds, result.policy().orElseThrow().maxAgeSeconds());
        assertFinding(result.findings(), Severity.WARNING, "under one day");
    }

    // --- mx ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"enforce", "testing"})
    void requiresMxUnlessModeIsNone(String mode) {
        assertRejected(lines(VERSION, "mode: " + mode, MAX_AGE), "needs at least one 'mx:' line");
    }

    @Test
    void acceptsModeNoneWithoutMx() {
        Policy p = assertAccepted(lines(VERSION, "mode: none", MAX_AGE));
        assertEquals(new Policy(Mode.NONE, List.of(), 604_800), p);
    }

    @Test
    void keepsEveryMxInFileOrder() {
        Policy p = assertAccepted(lines(VERSION, "mx: b.example.com", MODE, "mx: *.a.example.net", MAX_AGE,
                "mx: a.example.com"));
        assertEquals(List.of("b.example.com", "*.a.example.net", "a.example.com"),
                p.mx().stream().map(MxPattern::value).toList());
    }

    @Test
    void storesMxInLowerCase() {
        Policy p = assertAccepted(replacing("mx", "mx: MAIL.Example.COM"));
        assertEquals(EXPECTED, p);
    }

    @Test
    void notesRepeatedMxAndKeepsOne() {
        PolicyParseResult result = parser.parse(validWith("mx: Mail.example.com"));
        assertEquals(EXPECTED, result.policy().orElseThrow());
        assertFinding(result.findings(), Severity.INFO, "repeated");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*mail.example.com|wildcard",
        "mail.*.example.com|wildcard",
        "*.*.example.com|wildcard",
        "mail*.example.com|wildcard",
        "*|wildcard",
        "*.|ends with a dot",
        "mail.example.com.|trailing dot",
        "*.example.com.|trailing dot",
        "192.0.2.25|IP address",
        "2001:db8::25|IP address",
        "[192.0.2.25]|IP address",
        "[2001:db8::25]|IP address",
        "mäil.example.com|A-label",
        "*.bücher.example|A-label",
        "mail..example.com|empty label",
        ".example.com|empty label",
        "-mail.example.com|invalid label",
        "mail-.example.com|invalid label",
        "mail_1.example.com|invalid label",
        "mail.example.com mx2.example.com|invalid label",
        "https://mail.example.com|invalid label",
    })
    void rejectsInvalidMx(String mx, String why) {
        Finding f = assertRejected(replacing("mx", "mx: " + mx), why);
        assertTrue(f.message().startsWith("line 3: mx"), f::message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xn--bcher-kva.example", "*.xn--bcher-kva.example", "mx-1.mail.example.com",
        "1mail.example.com", "a.b.c.d.example.com"})
    void acceptsALabelAndWildcardMx(String mx) {
        assertEquals(mx, assertAccepted(replacing("mx", "mx: " + mx)).mx().get(0).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail", "*.com"})
    void warnsAboutSingleLabelMxButAcceptsIt(String mx) {
        PolicyParseResult result = parser.parse(replacing("mx", "mx: " + mx));
        assertEquals(mx, result.policy().orElseThrow().mx().get(0).value());
        assertFinding(result.findings(), Severity.WARNING, "single label");
    }

    // --- raw bytes --------------------------------------------------------------------------------

    @Test
    void acceptsBodyOfExactly64KiB() {
        String head = validWith("x: ");
        String body = head.substring(0, head.length() - 1) + "a".repeat(PolicyParser.MAX_BODY_BYTES - head.length()) + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        assertEquals(64 * 1024, bytes.length);
        assertEquals(EXPECTED, parser.parse(bytes).policy().orElseThrow());
    }

    @Test
    void rejectsBodyOver64KiB() {
        String head = validWith("x: ");
        String body = head.substring(0, head.length() - 1) + "a".repeat(PolicyParser.MAX_BODY_BYTES - head.length() + 1) + "\n";
        PolicyParseResult result = parser.parse(body.getBytes(StandardCharsets.US_ASCII));
        assertTrue(result.policy().isEmpty());
        Finding f = assertFinding(result.findings(), Severity.CRITICAL, "65537 bytes");
        assertEquals("RFC 8461 §3.3", f.rfcSection());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C328", "FF", "C080", "E282", "EDA080", "F4908080"})
    void rejectsInvalidUtf8(String hex) {
        byte[] text = validWith("x: ").getBytes(StandardCharsets.US_ASCII);
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] body = Arrays.copyOf(text, text.length + bad.length);
        System.arraycopy(bad, 0, body, text.length - 1, bad.length);
        body[body.length - 1] = '\n';
        PolicyParseResult result = parser.parse(body);
        assertTrue(result.policy().isEmpty());
        assertFinding(result.findings(), Severity.CRITICAL, "not valid UTF-8");
    }

    @Test
    void acceptsUtf8InUnknownValueOfRawBody() {
        byte[] body = validWith("comment: Grüße aus Köln").getBytes(StandardCharsets.UTF_8);
        assertEquals(EXPECTED, parser.parse(body).policy().orElseThrow());
    }

    @Test
    void namesAnRfcSectionInEveryFinding() {
        PolicyParseResult result = parser.parse("\uFEFF# x\nMode: testing\n\nmx: 192.0.2.1\nmax_age: 60\nmax_age: 1\r");
        assertEverySectionNamed(result.findings());
        assertEquals(Severity.CRITICAL, result.worst());
    }
}
