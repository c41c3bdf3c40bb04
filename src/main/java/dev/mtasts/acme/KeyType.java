package dev.mtasts.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/** The certificate key algorithm: ECDSA P-256 (default) or RSA 2048 for old clients. */
public enum KeyType {
    EC,
    RSA;

    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(name());
            if (this == EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate " + this + " keys", e);
        }
    }

    /** {@code ec} or {@code rsa}, case-insensitive. */
    public static KeyType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown key type '" + text + "' (use ec or rsa)", e);
        }
    }
}
