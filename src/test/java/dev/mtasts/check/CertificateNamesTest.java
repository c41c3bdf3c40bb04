package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateNamesTest {

    @Test
    void readsDnsNamesFromSubjectAltName() {
        assertEquals(List.of("mta-sts.example.com"), CertificateNames.of(Fixtures.cert("mta-sts.example.com")));
    }

    @Test
    void matchesExactNamesIgnoringCaseAndTrailingDot() {
        assertTrue(CertificateNames.matches(List.of("MTA-STS.example.com"), "mta-sts.example.com."));
    }

    @Test
    void wildcardCoversExactlyOneLeftmostLabel() {
        List<String> names = List.of("*.example.com");
        assertTrue(CertificateNames.matches(names, "mta-sts.example.com"));
        assertFalse(CertificateNames.matches(names, "example.com"));
        assertFalse(CertificateNames.matches(names, "a.mta-sts.example.com"));
    }
}
