package dev.mtasts.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code mx} value syntax of RFC 8461 §3.2 and the matching rule of §4.1. */
class MxPatternTest {

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "MAIL.example.com.", "Mail.Example.Com"})
    void matchesExactHostIgnoringCaseAndTrailingDot(String host) {
        assertTrue(new MxPattern("mail.example.com").matches(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "MAIL.EXAMPLE.COM", "mx-1.example.com.", "x.Example.COM."})
    void wildcardMatchesOneLeftmostLabel(String host) {
        assertTrue(new MxPattern("*.example.com").matches(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com.", "a.b.example.com", ".example.com", "mailexample.com",
        "mail.example.com.evil.net", "mail.example.org", "*.example.com.example.net", ""})
    void wildcardDoesNotMatchOtherDepthsOrDomains(String host) {
        assertFalse(new MxPattern("*.example.com").matches(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.mail.example.com", "example.com", "ail.example.com", "mail.example.co",
        "mail.example.com.."})
    void exactPatternMatchesOnlyThatHost(String host) {
        assertFalse(new MxPattern("mail.example.com").matches(host));
    }

    @Test
    void upperCasePatternMatchesLowerCaseHost() {
        MxPattern p = new MxPattern("*.EXAMPLE.com");
        assertEquals("*.example.com", p.value());
        assertTrue(p.matches("mail.example.com"));
    }

    @ParameterizedTest
    @CsvSource({"*.example.com, true", "mail.example.com, false"})
    void knowsWhetherItIsAWildcard(String value, boolean wildcard) {
        assertEquals(wildcard, new MxPattern(value).isWildcard());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.*.example.com", "*mail.example.com", "*.*.example.com", "mail.example.*",
        "mail.example.com.", "192.0.2.1", "::1", "mäil.example.com", "", "*."})
    void rejectsInvalidPatternOnConstruction(String value) {
        assertThrows(IllegalArgumentException.class, () -> new MxPattern(value));
    }

    @Test
    void rejectsWildcardOutsideLeftmostLabel() {
        assertTrue(MxPattern.problem("mail.*.example.com").orElseThrow().contains("not the whole leftmost label"));
    }

    @ParameterizedTest
    @CsvSource({"mail, true", "*.com, true", "mail.example.com, false", "*.example.com, false"})
    void advisesAgainstSingleLabelDomains(String value, boolean advised) {
        assertEquals(advised, new MxPattern(value).advice().isPresent());
    }
}
