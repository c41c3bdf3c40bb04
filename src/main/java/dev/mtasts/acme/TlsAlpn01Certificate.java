package dev.mtasts.acme;

import dev.mtasts.store.CertifiedKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS-ALPN-01 validation certificate (RFC 8737 §3): self-signed, one dNSName, and the critical
 * acmeValidation extension holding the SHA-256 of the key authorization. The key is ECDSA P-256, made
 * in about a millisecond; acme4j's {@code createCertificate} signs with RSA only, and an RSA-2048 key
 * costs 0.1-1 s of CPU on a small machine, right on the path to the first certificate. The CA checks
 * the name and the extension only, never the key type (Caddy uses P-256 too).
 */
final class TlsAlpn01Certificate {

    static final ASN1ObjectIdentifier ACME_VALIDATION = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.31");
    static final Duration VALIDITY = Duration.ofDays(7);

    private final Clock clock;
    private final SecureRandom random;

    TlsAlpn01Certificate(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A fresh key and certificate for {@code host} carrying {@code acmeValidation} (32 bytes). */
    CertifiedKey create(String host, byte[] acmeValidation) {
        if (acmeValidation.length != 32) {
            throw new IllegalArgumentException("acmeValidation must be a SHA-256 digest, not "
                    + acmeValidation.length + " bytes");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=acme.invalid");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
            builder.addExtension(ACME_VALIDATION, true, new DEROctetString(acmeValidation));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new CertifiedKey(keys.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build the tls-alpn-01 certificate for " + host, e);
        }
    }
}
