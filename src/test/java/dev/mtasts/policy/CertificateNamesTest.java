package dev.mtasts.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6125 §6.4 matching, the one rule behind the server's and the checker's name checks. */
class CertificateNamesTest {

    private static CertifiedKey served() throws Exception {
        return new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom()).create("mta-sts.example.com");
    }

    @Test
    void readsDnsNamesFromSubjectAltName() throws Exception {
        assertEquals(List.of("mta-sts.example.com"), CertificateNames.of(served().leaf()));
    }

    @Test
    void matchesExactNamesIgnoringCaseAndTrailingDot() throws Exception {
        CertifiedKey served = served();
        assertTrue(CertificateNames.matches(List.of("MTA-STS.example.com"), "mta-sts.example.com."), "check: Host as typed");
        assertTrue(CertificateNames.matches(List.of("mta-sts.example.com."), "mta-sts.example.com"), "absolute SAN");
        assertTrue(served.coversName("MTA-STS.example.com."), "server: the same rule for a stored certificate");
        assertFalse(served.coversName("mta-sts.example.org"));
    }

    @Test
    void wildcardCoversExactlyOneLeftmostLabel() {
        List<String> names = List.of("*.example.com");
        assertTrue(CertificateNames.matches(names, "mta-sts.example.com"));
        assertTrue(CertificateNames.matches(names, "mta-sts.example.com."));
        assertFalse(CertificateNames.matches(names, "example.com"));
        assertFalse(CertificateNames.matches(names, "a.mta-sts.example.com"));
        assertFalse(CertificateNames.matches(names, ".example.com"), "an empty leftmost label is no label");
    }

    @Test
    void aWildcardInsideANameIsOnlyText() {
        assertFalse(CertificateNames.matches(List.of("mta-sts.*.com"), "mta-sts.example.com"));
        assertFalse(CertificateNames.matches(List.of("m*.example.com"), "mta-sts.example.com"));
    }
}
