package dev.mtasts.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyTypesTest {

    @Test
    void ecKeysServeEcdsaOnly() {
        assertTrue(KeyTypes.accepts("EC", "EC"));
        assertTrue(KeyTypes.accepts("EC", "EC_EC"));
        assertFalse(KeyTypes.accepts("EC", "RSA"));
        assertFalse(KeyTypes.accepts("EC", "EC_RSA")); // an EC key in an RSA-signed certificate (static ECDH)
    }

    @Test
    void rsaKeysServeRsaAndPss() {
        assertTrue(KeyTypes.accepts("RSA", "RSA"));
        assertTrue(KeyTypes.accepts("RSA", "RSASSA-PSS"));
        assertFalse(KeyTypes.accepts("RSA", "EC"));
        assertFalse(KeyTypes.accepts("RSA", null));
    }
}
