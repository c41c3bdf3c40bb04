package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MxCoverageCheckTest {

    private final FakeDnsLookups dns = new FakeDnsLookups();
    private final MxCoverageCheck check = new MxCoverageCheck(dns);

    private List<Finding> run(Mode mode, String... patterns) {
        return check.run("example.com", Optional.of(Policy.of(mode, List.of(patterns), 604800))).section().findings();
    }

    @Test
    void everyMxCoveredIsOk() {
        dns.mx("example.com", "mx1.example.com", "mx2.example.com");
        List<Finding> f = run(Mode.ENFORCE, "mx1.example.com", "*.example.com");
        assertEquals(Severity.OK, Finding.worst(f));
        find(f, Severity.OK, "MX mx2.example.com is covered by 'mx: *.example.com'");
    }

    @Test
    void uncoveredMxIsCriticalInEnforce() {
        dns.mx("example.com", "mail.example.com", "backup.other.net");
        Finding f = find(run(Mode.ENFORCE, "mail.example.com"), Severity.CRITICAL, "MX backup.other.net is not covered");
        assertEquals("add 'mx: backup.other.net' to the policy, then publish a new id in _mta-sts TXT", f.fix());
    }

    @Test
    void uncoveredMxIsAWarningInTesting() {
        dns.mx("example.com", "backup.other.net");
        List<Finding> f = run(Mode.TESTING, "mail.example.com");
        find(f, Severity.WARNING, "MX backup.other.net is not covered");
        assertTrue(f.stream().noneMatch(x -> x.severity() == Severity.CRITICAL));
    }

    @Test
    void wildcardCoversOneLabelOnly() {
        dns.mx("example.com", "a.b.example.com");
        find(run(Mode.ENFORCE, "*.example.com"), Severity.CRITICAL, "MX a.b.example.com is not covered");
    }

    @Test
    void caseAndTrailingDotOfTheMxAreIgnored() {
        dns.mx("example.com", "MAIL.Example.COM.");
        assertEquals(Severity.OK, Finding.worst(run(Mode.ENFORCE, "mail.example.com")));
    }

    @Test
    void patternMatchingNoMxIsStale() {
        dns.mx("example.com", "mail.example.com");
        find(run(Mode.ENFORCE, "mail.example.com", "old.example.com"), Severity.WARNING,
                "'mx: old.example.com' matches no MX of the domain (stale pattern)");
    }

    @Test
    void mxLookupFailureIsIndeterminate() {
        dns.fail("MX", "example.com", LookupStatus.SERVFAIL);
        MxCoverageCheck.Result r = check.run("example.com", Optional.empty());
        assertTrue(r.section().indeterminate());
        assertTrue(r.mxHosts().isEmpty());
    }

    @Test
    void noMxRecordsMeansTheImplicitMx() {
        dns.fail("MX", "example.com", LookupStatus.NODATA);
        MxCoverageCheck.Result r = check.run("example.com", Optional.of(Policy.of(Mode.ENFORCE, List.of("example.com"), 86400)));
        assertEquals(List.of("example.com"), r.mxHosts());
        find(r.section().findings(), Severity.WARNING, "has no MX records (NODATA)");
    }

    @Test
    void nullMxAcceptsNoMail() {
        dns.mx("example.com", ".");
        MxCoverageCheck.Result r = check.run("example.com", Optional.empty());
        find(r.section().findings(), Severity.INFO, "null MX");
        assertTrue(r.mxHosts().isEmpty());
    }

    @Test
    void modeNoneSkipsCoverage() {
        dns.mx("example.com", "other.net");
        List<Finding> f = check.run("example.com", Optional.of(Policy.of(Mode.NONE, List.of(), 86400))).section().findings();
        assertEquals(Severity.INFO, Finding.worst(f));
    }
}
