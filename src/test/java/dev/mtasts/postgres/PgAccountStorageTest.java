package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.AccountStorage;
import dev.mtasts.store.StoreException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class PgAccountStorageTest {

    private static final URI STAGING = URI.create("https://ca.example/staging/directory");
    private static final URI PRODUCTION = URI.create("https://ca.example/directory");

    private PgStore db;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        db = new PgStore(TestDatabase.create(), "node-a");
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    @Test
    void theKeyPairAndThenTheUrlRoundTripPerDirectory() throws Exception {
        AccountStorage account = db.storage("node-a", KeyCipher.none()).account(STAGING);
        assertEquals(Optional.empty(), account.loadKeyPair());
        assertEquals(Optional.empty(), account.loadUrl());
        KeyPair key = keyPair();
        account.saveKeyPair(key);
        URL url = URI.create("https://ca.example/acct/17").toURL();
        account.saveUrl(url);
        AccountStorage again = db.storage("node-b", KeyCipher.none()).account(STAGING);
        assertArrayEquals(key.getPrivate().getEncoded(), again.loadKeyPair().orElseThrow().getPrivate().getEncoded());
        assertArrayEquals(key.getPublic().getEncoded(), again.loadKeyPair().orElseThrow().getPublic().getEncoded());
        assertEquals(Optional.of(url), again.loadUrl());
        assertEquals(Optional.empty(), db.storage("node-a", KeyCipher.none()).account(PRODUCTION).loadKeyPair());
    }

    @Test
    void aUrlWithoutAKeyIsRefused() throws Exception {
        AccountStorage account = db.storage("node-a", KeyCipher.none()).account(STAGING);
        StoreException e = assertThrows(StoreException.class,
                () -> account.saveUrl(URI.create("https://ca.example/acct/1").toURL()));
        assertTrue(e.getMessage().contains("no account key"), e.getMessage());
    }

    @Test
    void anotherKeyPairForgetsTheUrlOfTheOldAccountAndTheSameKeyKeepsIt() throws Exception {
        AccountStorage account = db.storage("node-a", KeyCipher.none()).account(STAGING);
        KeyPair key = keyPair();
        account.saveKeyPair(key);
        account.saveUrl(URI.create("https://ca.example/acct/1").toURL());
        account.saveKeyPair(key);
        assertTrue(account.loadUrl().isPresent());
        account.saveKeyPair(keyPair());
        assertEquals(Optional.empty(), account.loadUrl());
    }

    @Test
    void withAKeyFileTheAccountKeyIsStoredEncryptedAndNeedsTheKey() throws Exception {
        AccountStorage account = db.storage("node-a", PgStore.cipher(dir, (byte) 3)).account(STAGING);
        KeyPair key = keyPair();
        account.saveKeyPair(key);
        assertEquals(List.of("t", "f"), db.row("SELECT key_encrypted, position('PRIVATE KEY'::bytea in key_pair) > 0"
                + " FROM acme_accounts WHERE directory = ?", STAGING.toString()));
        assertArrayEquals(key.getPrivate().getEncoded(), account.loadKeyPair().orElseThrow().getPrivate().getEncoded());
        StoreException e = assertThrows(StoreException.class,
                () -> db.storage("node-a", KeyCipher.none()).account(STAGING).loadKeyPair());
        assertTrue(e.getMessage().contains("no [storage] key_file"), e.getMessage());
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
