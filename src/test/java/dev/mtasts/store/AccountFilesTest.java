package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.KeyType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountFilesTest {

    @TempDir
    Path dir;

    @Test
    void keepsKeyAndUrlPerDirectory() throws Exception {
        AccountFiles production = new AccountFiles(dir, URI.create("https://acme-v02.api.letsencrypt.org/directory"));
        AccountFiles staging = new AccountFiles(dir, URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"));
        var key = KeyType.EC.generate();
        production.saveKeyPair(key);
        production.saveUrl(URI.create("https://ca.example/acct/7").toURL());

        assertEquals(key.getPublic(), production.loadKeyPair().orElseThrow().getPublic());
        assertEquals(key.getPrivate(), production.loadKeyPair().orElseThrow().getPrivate());
        assertEquals("https://ca.example/acct/7", production.loadUrl().orElseThrow().toString());
        assertTrue(staging.loadKeyPair().isEmpty());
        assertNotEquals(production.dir(), staging.dir());
        assertEquals("acme-v02.api.letsencrypt.org_directory", production.dir().getFileName().toString());
    }

    @Test
    void writesTheAccountKeyOwnerOnlyInOwnerOnlyDirectories() throws Exception {
        AccountFiles store = new AccountFiles(dir.resolve("certs"), URI.create("https://ca.example/dir"));
        store.saveKeyPair(KeyType.EC.generate());
        store.saveUrl(URI.create("https://ca.example/acct/1").toURL());
        assertEquals("rw-------", mode(store.dir().resolve(AccountFiles.KEY_FILE)));
        assertEquals("rw-------", mode(store.dir().resolve(AccountFiles.URL_FILE)));
        assertEquals("rwx------", mode(store.dir()));
        assertEquals("rwx------", mode(store.dir().getParent()));
        assertEquals("rwx------", mode(dir.resolve("certs")));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
