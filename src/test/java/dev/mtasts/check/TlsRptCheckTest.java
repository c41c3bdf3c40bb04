package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.LookupStatus;
import dev.mtasts.policy.Severity;
import org.junit.jupiter.api.Test;

class TlsRptCheckTest {

    private static final String NAME = "_smtp._tls.example.com";
    private final FakeDnsLookups dns = new FakeDnsLookups();
    private final TlsRptCheck check = new TlsRptCheck(dns);

    @Test
    void validRecordIsOk() {
        dns.txt(NAME, "v=TLSRPTv1; rua=mailto:tls@example.com,https://r.example.com/v1");
        Section s = check.run("example.com");
        assertEquals(Severity.OK, s.worst());
        find(s.findings(), Severity.OK, "mailto:tls@example.com, https://r.example.com/v1");
    }

    @Test
    void missingRecordIsAWarningWithATemplate() {
        String fix = find(check.run("example.com").findings(), Severity.WARNING, "no TLSRPT record").fix();
        assertEquals("publish _smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.com\"", fix);
    }

    @Test
    void invalidRecordIsAWarning() {
        dns.txt(NAME, "v=TLSRPTv1; rua=ftp://example.com");
        Section s = check.run("example.com");
        assertEquals(Severity.WARNING, s.worst());
        find(s.findings(), Severity.WARNING, "rua URI 'ftp://example.com'");
    }

    @Test
    void lookupFailureIsIndeterminate() {
        dns.fail("TXT", NAME, LookupStatus.TIMEOUT);
        assertTrue(check.run("example.com").indeterminate());
    }
}
