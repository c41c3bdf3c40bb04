package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
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
}
