package dev.mtasts.store;

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
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Whether a private key belongs to a public key, cheaply enough to check 10,000 certificates at start:
 * RSA compares the modulus (and exponent), EC recomputes the public point from the private scalar with
 * BouncyCastle's precomputed tables (~0.1 ms, where a JDK sign/verify round trip costs ~3 ms). Other
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
            if (curve != null) {
                return sameCurve(ecPub, curve) && publicPoint(curve, ec.getS(), ecPub);
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
