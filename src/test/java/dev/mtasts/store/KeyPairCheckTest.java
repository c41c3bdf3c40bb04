package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPairCheckTest {

    private static KeyPair generate(String kind) throws Exception {
        return switch (kind) {
            case "P-256", "P-384", "P-521" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp" + kind.substring(2) + "r1"));
                yield g.generateKeyPair();
            }
            case "RSA" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                yield g.generateKeyPair();
            }
            default -> KeyPairGenerator.getInstance(kind).generateKeyPair();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA", "Ed25519"})
    void aKeyMatchesItsOwnPublicKeyOnly(String kind) throws Exception {
        KeyPair mine = generate(kind);
        KeyPair other = generate(kind);
        assertTrue(KeyPairCheck.matches(mine.getPrivate(), mine.getPublic()));
        assertFalse(KeyPairCheck.matches(mine.getPrivate(), other.getPublic()));
        assertFalse(KeyPairCheck.matches(other.getPrivate(), mine.getPublic()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "RSA"})
    void keysOfAnotherTypeOrCurveNeverMatch(String kind) throws Exception {
        KeyPair mine = generate(kind);
        KeyPair other = generate(kind.equals("RSA") ? "P-256" : "P-384");
        assertFalse(KeyPairCheck.matches(mine.getPrivate(), other.getPublic()));
        assertFalse(KeyPairCheck.matches(other.getPrivate(), mine.getPublic()));
    }

    @org.junit.jupiter.api.Test
    void aKeyFileFromAnotherPairIsRefusedByThePublicKeyItCarries() throws Exception {
        KeyPair mine = generate("P-256");
        KeyPair other = generate("P-256");
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(mine.getPublic().getEncoded());
        byte[] pkcs8 = new PrivateKeyInfo(spki.getAlgorithm(), new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) mine.getPrivate()).getS(), spki.getPublicKeyData(), null))
                .getEncoded(); // as OpenSSL and certbot write it: the public key inside
        java.security.PrivateKey read = Pem.readPrivateKey("-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
        assertTrue(KeyPairCheck.matches(read, mine.getPublic()));
        assertFalse(KeyPairCheck.matches(read, other.getPublic()));
    }
}
