package dev.mtasts.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link Policy} value: its invariants, its canonical rendering and its id. */
class PolicyTest {

    static Stream<Policy> policies() {
        return Stream.of(
                Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604_800),
                Policy.of(Mode.TESTING, List.of("mx1.example.com", "*.mx.example.net", "MX2.Example.com"), 86_400),
                Policy.of(Mode.NONE, List.of(), 0),
                Policy.of(Mode.NONE, List.of("mail.example.com"), Policy.MAX_AGE_LIMIT),
                Policy.of(Mode.ENFORCE, List.of("a.example.com", "b.example.com", "a.example.com"), 31_536_000));
    }

    @Test
    void rendersCanonicalForm() {
        Policy p = Policy.of(Mode.TESTING, List.of("mx1.example.com", "*.Example.NET"), 1_209_600);
        assertEquals("version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: *.example.net\nmax_age: 1209600\n",
                p.render());
        assertEquals(p.render(), new String(p.renderBytes(), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void rendersLfEndingsWithoutBlankLinesOrBom(Policy p) {
        String body = p.render();
        assertFalse(body.contains("\r"));
        assertFalse(body.contains("\n\n"));
        assertTrue(body.startsWith("version: STSv1\n"));
        assertTrue(body.endsWith("\n"));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void parsingTheRenderingGivesThePolicyBack(Policy p) {
        PolicyParseResult result = new PolicyParser().parse(p.renderBytes());
        assertEquals(p, result.policy().orElseThrow(() -> new AssertionError(result.findings())));
        assertTrue(result.findings().stream().noneMatch(f -> f.severity() == Severity.CRITICAL));
    }

    @Test
    void dropsRepeatedMxPatterns() {
        Policy p = Policy.of(Mode.ENFORCE, List.of("a.example.com", "b.example.com", "A.example.com"), 86_400);
        assertEquals(List.of(new MxPattern("a.example.com"), new MxPattern("b.example.com")), p.mx());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Policy.MAX_AGE_LIMIT + 1, Long.MAX_VALUE})
    void rejectsMaxAgeOutsideRange(long maxAge) {
        assertThrows(IllegalArgumentException.class, () -> Policy.of(Mode.NONE, List.of(), maxAge));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ENFORCE", "TESTING"})
    void requiresMxUnlessModeIsNone(Mode mode) {
        assertThrows(IllegalArgumentException.class, () -> Policy.of(mode, List.of(), 86_400));
    }

    @Test
    void coversMxHostsThatAnyPatternMatches() {
        Policy p = Policy.of(Mode.ENFORCE, List.of("mail.example.com", "*.backup.example.net"), 86_400);
        assertTrue(p.covers("MAIL.example.com."));
        assertTrue(p.covers("mx7.backup.example.net"));
        assertFalse(p.covers("backup.example.net"));
        assertFalse(p.covers("a.mx7.backup.example.net"));
    }

    @Test
    void isImmutable() {
        List<MxPattern> mx = new java.util.ArrayList<>(List.of(new MxPattern("mail.example.com")));
        Policy p = new Policy(Mode.ENFORCE, mx, 86_400);
        mx.add(new MxPattern("other.example.com"));
        assertEquals(1, p.mx().size());
        assertThrows(UnsupportedOperationException.class, () -> p.mx().clear());
    }

    static Stream<Arguments> changedPolicies() {
        Policy base = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604_800);
        return Stream.of(
                Arguments.of(base, Policy.of(Mode.TESTING, List.of("mail.example.com"), 604_800)),
                Arguments.of(base, Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604_801)),
                Arguments.of(base, Policy.of(Mode.ENFORCE, List.of("mail.example.org"), 604_800)),
                Arguments.of(base, Policy.of(Mode.ENFORCE, List.of("mail.example.com", "mx2.example.com"), 604_800)));
    }

    @ParameterizedTest
    @MethodSource("changedPolicies")
    void idChangesWhenTheBodyChanges(Policy before, Policy after) {
        assertNotEquals(before.id(), after.id());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void idIsStableAndValid(Policy p) {
        Policy same = new PolicyParser().parse(p.render()).policy().orElseThrow();
        assertEquals(p.id(), same.id());
        assertTrue(p.id().value().matches("[A-Za-z0-9]{1,32}"), p.id().value());
    }

    @Test
    void idIsTheFirst80BitsOfTheSha256OfTheBody() {
        // printf 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n' | sha256sum
        Policy p = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604_800);
        assertEquals(new PolicyId("ddcfc28c0c2a59db89dd"), p.id());
    }
}
