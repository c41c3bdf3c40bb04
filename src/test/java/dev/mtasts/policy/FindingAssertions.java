package dev.mtasts.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Assertions on findings shared by the tests of this package. */
final class FindingAssertions {

    private FindingAssertions() {
    }

    /** The one finding of {@code severity} whose message contains {@code text}; fails when there is none. */
    static Finding assertFinding(List<Finding> findings, Severity severity, String text) {
        return findings.stream()
                .filter(f -> f.severity() == severity && f.message().contains(text))
                .findFirst()
                .orElseGet(() -> fail("no " + severity + " finding containing '" + text + "' in " + findings));
    }

    /** The record of a result that is valid without any finding. */
    static <R> R assertValidWithoutFindings(TxtRecordResult<R> result) {
        assertEquals(TxtRecordResult.Status.VALID, result.status(), result.findings()::toString);
        assertNoFindings(result.findings());
        return result.record().orElseThrow();
    }

    static void assertNoFindingAtLeast(List<Finding> findings, Severity severity) {
        assertTrue(findings.stream().noneMatch(f -> f.severity().isAtLeast(severity)),
                () -> "unexpected " + severity + " or worse finding in " + findings);
    }

    static void assertNoFindings(List<Finding> findings) {
        assertEquals(List.of(), findings);
    }

    /** Every finding names the RFC section its rule comes from. */
    static void assertEverySectionNamed(List<Finding> findings) {
        assertFalse(findings.isEmpty(), "expected findings");
        for (Finding f : findings) {
            assertTrue(f.rfcSection().startsWith("RFC 846"), () -> "no RFC section in " + f);
        }
    }
}
