package dev.mtasts.store;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Whether a private key belongs to a public key, cheaply enough to check 10,000 certificates at start:
 * RSA compares the modulus (and exponent), EC compares the public key the PKCS#8 key carries, or else
 * recomputes the public point from the private scalar with BouncyCastle's precomputed tables (~0.1 ms,
 * where a JDK sign/verify round trip costs ~3 ms). Other
 * key types fall back to signing and verifying a probe.
 */
final class KeyPairCheck {

    private static final List<String> CURVES = List.of("secp256r1", "secp384r1", "secp521r1");

    private KeyPairCheck() {
    }

    static boolean matches(PrivateKey key, PublicKey pub) {
        if (key instanceof RSAPrivateKey rsa && pub instanceof RSAPublicKey rsaPub) {
            boolean exponentOk = !(rsa instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rsaPub.getPublicExponent());
            return rsa.getModulus().equals(rsaPub.getModulus()) && exponentOk;
        }
        if (key instanceof ECPrivateKey ec && pub instanceof ECPublicKey ecPub) {
            X9ECParameters curve = namedCurve(ec.getParams().getOrder());
            if (curve != null && sameCurve(ecPub, curve)) {
                Boolean embedded = embeddedPublicKeyMatches(ec, ecPub);
                return embedded != null ? embedded : publicPoint(curve, ec.getS(), ecPub);
            }
            if (curve != null) {
                return false;
            }
        }
        return signatureRoundTrip(key, pub);
    }

    private static X9ECParameters namedCurve(BigInteger order) {
        for (String name : CURVES) {
            X9ECParameters curve = CustomNamedCurves.getByName(name); // cached: G keeps its precomputation
            if (curve.getN().equals(order)) {
                return curve;
            }
        }
        return null;
    }

    private static boolean sameCurve(ECPublicKey pub, X9ECParameters curve) {
        return curve.getN().equals(pub.getParams().getOrder());
    }

    /**
     * Whether the public key that a PKCS#8 EC key carries (OpenSSL, certbot and this store write it) is the
     * certificate's: ~10 us where recomputing it costs ~100 us, which counts when certificates are read at
     * their first handshake. Null when the key carries none. Enough against a key and a certificate of two
     * different pairs (a crash between two renames); BoringSSL refuses a key whose scalar does not match.
     */
    private static Boolean embeddedPublicKeyMatches(ECPrivateKey key, ECPublicKey pub) {
        try {
            byte[] encoded = key.getEncoded();
            if (encoded == null) {
                return null;
            }
            org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                    PrivateKeyInfo.getInstance(encoded).parsePrivateKey());
            if (inner.getPublicKey() == null) {
                return null;
            }
            byte[] point = SubjectPublicKeyInfo.getInstance(pub.getEncoded()).getPublicKeyData().getBytes();
            return Arrays.equals(inner.getPublicKey().getBytes(), point);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean publicPoint(X9ECParameters curve, BigInteger s, ECPublicKey pub) {
        ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), s).normalize();
        return q.getAffineXCoord().toBigInteger().equals(pub.getW().getAffineX())
                && q.getAffineYCoord().toBigInteger().equals(pub.getW().getAffineY());
    }

    private static boolean signatureRoundTrip(PrivateKey key, PublicKey pub) {
        String algorithm = switch (pub.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !pub.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "mta-sts key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
