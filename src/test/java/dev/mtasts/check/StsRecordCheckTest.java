package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StsRecordCheckTest {

    private static final String NAME = "_mta-sts.example.com";
    private static final Policy SERVED = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 604800);
    private final FakeDnsLookups dns = new FakeDnsLookups();
    private final StsRecordCheck check = new StsRecordCheck(dns);

    @Test
    void oneValidRecordIsOk() {
        dns.txt(NAME, "v=STSv1; id=20240101", "v=spf1 -all");
        Section s = check.run("example.com", Optional.of(SERVED));
        assertEquals(Severity.OK, s.worst());
        find(s.findings(), Severity.OK, "(id 20240101)");
    }

    @Test
    void absentRecordIsCriticalAndTheFixNamesTheServedPolicyId() {
        Section s = check.run("example.com", Optional.of(SERVED));
        String fix = find(s.findings(), Severity.CRITICAL, "no TXT record starting with 'v=STSv1'").fix();
        assertEquals("publish exactly one record: _mta-sts.example.com. TXT \"v=STSv1; id=" + SERVED.id() + "\"", fix);
        assertTrue(!s.indeterminate());
    }

    @Test
    void severalRecordsAreCritical() {
        dns.txt(NAME, "v=STSv1; id=a1", "v=STSv1; id=b2");
        find(check.run("example.com", Optional.empty()).findings(), Severity.CRITICAL, "2 TXT records start with 'v=STSv1'");
    }

    @Test
    void invalidGrammarIsCritical() {
        dns.txt(NAME, "v=STSv1; id=2024-01-01");
        find(check.run("example.com", Optional.empty()).findings(), Severity.CRITICAL, "id '2024-01-01'");
    }

    @Test
    void servfailIsIndeterminateAndNeverCalledAbsent() {
        dns.fail("TXT", NAME, LookupStatus.SERVFAIL);
        Section s = check.run("example.com", Optional.of(SERVED));
        assertTrue(s.indeterminate());
        assertTrue(s.findings().stream().noneMatch(f -> f.message().contains("no TXT record")), s.findings().toString());
        find(s.findings(), Severity.WARNING, "could not look up _mta-sts.example.com TXT: SERVFAIL");
    }

    @Test
    void timeoutIsIndeterminate() {
        dns.fail("TXT", NAME, LookupStatus.TIMEOUT);
        assertTrue(check.run("example.com", Optional.empty()).indeterminate());
    }

    @Test
    void cnameChainIsShown() {
        dns.put("TXT", NAME, DnsAnswer.found(NAME, List.of("v=STSv1; id=x1")).withAliases(List.of("sts.provider.net")));
        find(check.run("example.com", Optional.empty()).findings(), Severity.INFO, "is an alias (CNAME) of sts.provider.net");
    }
}
