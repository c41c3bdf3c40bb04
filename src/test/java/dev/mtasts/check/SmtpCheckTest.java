package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.dns.TlsaRecord;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.policy.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpCheckTest {

    private static final String MX = "mail.example.com";
    private final FakeDnsLookups dns = new FakeDnsLookups().a(MX, "192.0.2.25");

    private Section run(SmtpProbe probe, Mode mode) {
        Policy policy = Policy.of(mode, List.of(MX), 604800);
        return new SmtpCheck(dns, probe, new CertificateCheck(Fixtures.CLOCK)).run(List.of(MX), Optional.of(policy));
    }

    private static SmtpProbe tls(TlsInfo info) {
        return (host, address) -> new SmtpProbe.Result(false, Optional.of(info), Optional.empty());
    }

    @Test
    void validCertificateForTheMxNameIsOk() {
        Section s = run(tls(Fixtures.trusted(MX)), Mode.ENFORCE);
        assertEquals(Severity.OK, s.worst());
        find(s.findings(), Severity.OK, "mail.example.com (192.0.2.25, port 25) TLSv1.3 is valid");
    }

    @Test
    void missingStarttlsIsCriticalInEnforceAndWarningInTesting() {
        SmtpProbe none = (host, address) -> new SmtpProbe.Result(true, Optional.empty(), Optional.of("not offered"));
        find(run(none, Mode.ENFORCE).findings(), Severity.CRITICAL, "does not offer STARTTLS");
        find(run(none, Mode.TESTING).findings(), Severity.WARNING, "does not offer STARTTLS");
    }

    @Test
    void certificateForTheProviderNameIsCritical() {
        find(run(tls(Fixtures.trusted("mx.provider.net")), Mode.ENFORCE).findings(), Severity.CRITICAL,
                "is not valid for mail.example.com (it names mx.provider.net)");
    }

    @Test
    void connectionFailureIsReported() {
        SmtpProbe refused = (host, address) -> new SmtpProbe.Result(false, Optional.empty(), Optional.of("Connection refused"));
        find(run(refused, Mode.ENFORCE).findings(), Severity.CRITICAL, "failed: Connection refused");
    }

    @Test
    void daneTlsaRecordsAreNoted() {
        dns.tlsa("_25._tcp." + MX, new TlsaRecord(3, 1, 1, "abcd"));
        find(run(tls(Fixtures.trusted(MX)), Mode.ENFORCE).findings(), Severity.INFO, "has DANE TLSA record(s) [3 1 1 abcd]");
    }
}
