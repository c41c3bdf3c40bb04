package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateValidatorTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final List<String> HOSTS = List.of("mta-sts.example.test");
    final TestCa ca = new TestCa("Test CA", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(400)));
    final CertificateValidator validator = new CertificateValidator();

    @Test
    void acceptsAGoodPair() {
        assertEquals(List.of(), validator.problems(ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90))), HOSTS, NOW));
    }

    @Test
    void refusesAForeignKey() {
        CertifiedKey good = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));
        CertifiedKey bad = new CertifiedKey(KeyType.EC.generate().getPrivate(), good.chain());
        assertEquals(List.of("the private key does not match the certificate"), validator.problems(bad, HOSTS, NOW));
    }

    @Test
    void refusesABrokenChain() {
        CertifiedKey good = ca.pair(HOSTS, NOW, NOW.plus(Duration.ofDays(90)));
        TestCa other = new TestCa("Test CA", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(400)));
        CertifiedKey bad = new CertifiedKey(good.key(), List.of(good.leaf(), other.certificate()));
        List<String> problems = validator.problems(bad, HOSTS, NOW);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("is not signed by the next one"), problems.get(0));
    }

    @Test
    void refusesExpiredAndFutureCertificates() {
        var expired = ca.pair(HOSTS, NOW.minus(Duration.ofDays(9)), NOW.minusSeconds(1));
        var future = ca.pair(HOSTS, NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(90)));
        assertTrue(validator.problems(expired, HOSTS, NOW).get(0).contains("expired"));
        assertTrue(validator.problems(future, HOSTS, NOW).get(0).contains("not valid before"));
    }
}
