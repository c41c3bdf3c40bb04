package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

class TlsAlpn01CertificateTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final TlsAlpn01Certificate certificates =
            new TlsAlpn01Certificate(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    private final byte[] validation = new byte[32];

    TlsAlpn01CertificateTest() {
        new SecureRandom().nextBytes(validation);
    }

    @Test
    void carriesTheHostAndTheCriticalAcmeValidationExtension() throws Exception {
        X509Certificate cert = certificates.create("mta-sts.example.com", validation).leaf();
        assertEquals(List.of(List.of(2, "mta-sts.example.com")), List.copyOf(cert.getSubjectAlternativeNames()));
        assertTrue(cert.getCriticalExtensionOIDs().contains(TlsAlpn01Certificate.ACME_VALIDATION.getId()));
        // extnValue is an OCTET STRING wrapping the DER OCTET STRING of the 32-byte digest (RFC 8737 §3)
        byte[] inner = new byte[34];
        inner[0] = 0x04;
        inner[1] = 32;
        System.arraycopy(validation, 0, inner, 2, 32);
        byte[] outer = cert.getExtensionValue(TlsAlpn01Certificate.ACME_VALIDATION.getId());
        assertArrayEquals(inner, java.util.Arrays.copyOfRange(outer, 2, outer.length));
    }

    @Test
    void hasTheSameAcmeValidationExtensionAsAcme4jsRsaCertificate() throws Exception {
        KeyPair rsa = dev.mtasts.acme.KeyType.RSA.generate();
        X509Certificate theirs = CertificateUtils.createTlsAlpn01Certificate(rsa,
                Identifier.dns("mta-sts.example.com"), validation);
        X509Certificate ours = certificates.create("mta-sts.example.com", validation).leaf();
        String oid = TlsAlpn01Certificate.ACME_VALIDATION.getId();
        assertArrayEquals(theirs.getExtensionValue(oid), ours.getExtensionValue(oid));
        assertEquals(List.copyOf(theirs.getSubjectAlternativeNames()), List.copyOf(ours.getSubjectAlternativeNames()));
        assertEquals(theirs.getCriticalExtensionOIDs().contains(oid), ours.getCriticalExtensionOIDs().contains(oid));
    }

    @Test
    void isAnEcdsaP256KeySignedByItselfAndValidNow() throws Exception {
        CertifiedKey pair = certificates.create("mta-sts.example.com", validation);
        X509Certificate cert = pair.leaf();
        assertEquals("EC", pair.key().getAlgorithm());
        assertEquals(256, ((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        cert.verify(cert.getPublicKey());
        cert.checkValidity(java.util.Date.from(NOW));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(pair.key());
        signature.update(validation);
        byte[] signed = signature.sign();
        signature.initVerify(cert.getPublicKey());
        signature.update(validation);
        assertTrue(signature.verify(signed), "the private key belongs to the certificate");
    }

    @Test
    void refusesAValidationThatIsNoSha256Digest() {
        assertThrows(IllegalArgumentException.class, () -> certificates.create("a.example", new byte[20]));
    }
}
