package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCipherTest {

    private static final byte[] PLAIN = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aSealedValueOpensWithTheSameKeyForTheSameRow() throws Exception {
        KeyCipher cipher = KeyCipher.fromFile(rawKey("k", (byte) 7));
        KeyCipher.Sealed sealed = cipher.seal(PLAIN, "certificate:example.com");
        assertTrue(sealed.encrypted());
        assertEquals(KeyCipher.FORMAT, sealed.bytes()[0]);
        assertEquals(1 + 12 + PLAIN.length + 16, sealed.bytes().length);
        assertFalse(new String(sealed.bytes(), StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"));
        assertArrayEquals(PLAIN, cipher.open(sealed.bytes(), true, "certificate:example.com"));
    }

    @Test
    void eachSealUsesAFreshNonce() {
        KeyCipher cipher = keyCipher((byte) 7);
        assertFalse(java.util.Arrays.equals(cipher.seal(PLAIN, "a").bytes(), cipher.seal(PLAIN, "a").bytes()));
    }

    @Test
    void aCiphertextMovedToAnotherRowDoesNotOpen() {
        KeyCipher cipher = keyCipher((byte) 7);
        byte[] sealed = cipher.seal(PLAIN, "certificate:example.com").bytes();
        StoreException e = assertThrows(StoreException.class, () -> cipher.open(sealed, true, "certificate:example.org"));
        assertTrue(e.getMessage().contains("certificate:example.org"), e.getMessage());
    }

    @Test
    void anotherKeyIsAClearError() {
        byte[] sealed = keyCipher((byte) 7).seal(PLAIN, "account:x").bytes();
        StoreException e = assertThrows(StoreException.class, () -> keyCipher((byte) 8).open(sealed, true, "account:x"));
        assertTrue(e.getMessage().contains("encrypted with another key"), e.getMessage());
    }

    @Test
    void anEncryptedValueWithoutAKeyIsAClearError() {
        byte[] sealed = keyCipher((byte) 7).seal(PLAIN, "account:x").bytes();
        StoreException e = assertThrows(StoreException.class, () -> KeyCipher.none().open(sealed, true, "account:x"));
        assertTrue(e.getMessage().contains("no [storage] key_file"), e.getMessage());
    }

    @Test
    void withoutAKeyValuesAreStoredAsTheyAre() throws Exception {
        KeyCipher.Sealed sealed = KeyCipher.none().seal(PLAIN, "certificate:example.com");
        assertFalse(sealed.encrypted());
        assertArrayEquals(PLAIN, sealed.bytes());
        assertFalse(KeyCipher.of(Optional.empty()).encrypts());
    }

    @Test
    void unencryptedValuesStillReadOnceAKeyIsConfigured() throws Exception {
        assertArrayEquals(PLAIN, keyCipher((byte) 7).open(PLAIN, false, "certificate:example.com"));
    }

    @Test
    void aTruncatedOrUnknownFormatCiphertextIsRefused() {
        KeyCipher cipher = keyCipher((byte) 7);
        byte[] sealed = cipher.seal(PLAIN, "a").bytes();
        sealed[0] = 9;
        assertTrue(assertThrows(StoreException.class, () -> cipher.open(sealed, true, "a")).getMessage()
                .contains("format byte 9"));
        assertThrows(StoreException.class, () -> cipher.open(new byte[5], true, "a"));
    }

    @Test
    void theKeyFileMayHoldBase64AsOpensslWritesIt() throws Exception {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        Path file = dir.resolve("b64");
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        byte[] sealed = KeyCipher.fromFile(file).seal(PLAIN, "a").bytes();
        assertArrayEquals(PLAIN, keyCipher((byte) 7).open(sealed, true, "a"));
    }

    @Test
    void aKeyFileOfAnotherSizeIsAClearErrorNamingTheFile() throws Exception {
        Path file = dir.resolve("short");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        StoreException e = assertThrows(StoreException.class, () -> KeyCipher.fromFile(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("openssl rand -base64 32"),
                e.getMessage());
        StoreException missing = assertThrows(StoreException.class, () -> KeyCipher.fromFile(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("none"), missing.getMessage());
    }

    private KeyCipher keyCipher(byte fill) {
        try {
            return KeyCipher.fromFile(rawKey("k" + fill, fill));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Path rawKey(String name, byte fill) throws Exception {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        Path file = dir.resolve(name);
        Files.write(file, key);
        return file;
    }
}
