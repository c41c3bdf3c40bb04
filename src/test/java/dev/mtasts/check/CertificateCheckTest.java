package dev.mtasts.check;

import static dev.mtasts.check.Fixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.policy.Finding;
import dev.mtasts.policy.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateCheckTest {

    private static final String HOST = "mta-sts.example.com";

    private static List<Finding> check(TlsInfo tls, Duration later) {
        return new CertificateCheck(Fixtures.at(later)).check(tls, HOST, HOST, Severity.CRITICAL, "RFC 8461 §3.3");
    }

    @Test
    void validCertificateReportsDaysLeft() {
        List<Finding> f = check(Fixtures.trusted(HOST), Duration.ofDays(10));
        assertEquals(Severity.OK, Finding.worst(f));
        find(f, Severity.OK, "80 day(s) left (until 2026-08-30)");
    }

    @Test
    void expiringWithinFourteenDaysIsAWarning() {
        Finding f = find(check(Fixtures.trusted(HOST), Duration.ofDays(80)), Severity.WARNING, "expires within 14 days");
        assertEquals("renew the certificate for " + HOST + " now", f.fix());
    }

    @Test
    void expiredCertificateIsCritical() {
        find(check(Fixtures.trusted(HOST), Duration.ofDays(91)), Severity.CRITICAL, "expired on 2026-08-30");
    }

    @Test
    void certificateForAnotherNameIsCritical() {
        Finding f = find(check(Fixtures.trusted("www.example.com"), Duration.ZERO), Severity.CRITICAL,
                "is not valid for mta-sts.example.com (it names www.example.com)");
        assertEquals("get a certificate whose subjectAltName includes mta-sts.example.com", f.fix());
    }

    @Test
    void untrustedChainIsCriticalWithTheReason() {
        TlsInfo tls = new TlsInfo("TLSv1.2", List.of(Fixtures.cert(HOST)), Optional.of("PKIX path building failed"));
        find(check(tls, Duration.ZERO), Severity.CRITICAL, "does not lead to a trusted root: PKIX path building failed");
    }

    @Test
    void noCertificateAtAllIsTheGivenFailureSeverity() {
        List<Finding> f = new CertificateCheck(Fixtures.CLOCK).check(new TlsInfo("TLSv1.3", List.of(), Optional.empty()),
                HOST, HOST, Severity.WARNING, "RFC 8461 §4.2");
        find(f, Severity.WARNING, "sent no certificate");
    }
}
