package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.KeyType;
import dev.mtasts.acme.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state a kill -9 can leave during {@link CertificateFiles#save} still serves a matching pair. */
class CertificateFilesRecoveryTest {

    static final String DOMAIN = "example.test";
    static final List<String> HOSTS = List.of("mta-sts.example.test");

    @TempDir
    Path dir;

    final TestCa ca = new TestCa("Test CA", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(400)));
    final CertifiedKey oldPair = ca.pair(HOSTS, Instant.now().minus(Duration.ofDays(60)), Instant.now().plus(Duration.ofDays(30)));
    final CertifiedKey newPair = ca.pair(HOSTS, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));

    CertificateFiles store() {
        return new CertificateFiles(dir.resolve("certs"));
    }

    @Test
    void savesKeysPrivateAndKeepsThePreviousPair() throws Exception {
        CertificateFiles store = store();
        store.save(DOMAIN, oldPair);
        store.save(DOMAIN, newPair);

        assertEquals(newPair.leaf(), store.load(DOMAIN).orElseThrow().leaf());
        assertEquals(oldPair.leaf(), store.previous(DOMAIN).orElseThrow().leaf());
        assertFalse(Files.exists(store.hostDir(DOMAIN).resolve(CertificateFiles.PENDING)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.privkeyPath(DOMAIN))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.hostDir(DOMAIN))));
    }

    @Test
    void noticesAKeyReadableByOtherUsers() throws Exception {
        CertificateFiles store = store();
        assertFalse(store.keyReadableByOthers(DOMAIN)); // no key at all
        store.save(DOMAIN, newPair);
        assertFalse(store.keyReadableByOthers(DOMAIN));
        Files.setPosixFilePermissions(store.privkeyPath(DOMAIN), PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(store.keyReadableByOthers(DOMAIN));
        Files.setPosixFilePermissions(store.privkeyPath(DOMAIN), PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(store.keyReadableByOthers(DOMAIN));
    }

    @Test
    void readsBackRsaAndEcKeys() throws Exception {
        CertificateFiles store = store();
        var rsa = KeyType.RSA.generate();
        CertifiedKey rsaPair = new CertifiedKey(rsa.getPrivate(),
                List.of(ca.issue(rsa.getPublic(), HOSTS, Instant.now(), Instant.now().plus(Duration.ofDays(1)))));
        store.save("rsa.test", rsaPair);
        store.save(DOMAIN, newPair);
        assertTrue(store.load("rsa.test").orElseThrow().keyMatchesLeaf());
        assertTrue(store.load(DOMAIN).orElseThrow().keyMatchesLeaf());
    }

    @Test
    void crashBetweenKeyAndChainRenameServesPendingAndRepairRollsForward() throws Exception {
        CertificateFiles store = store();
        store.save(DOMAIN, oldPair);
        crashAfterKeyRename(store);

        assertEquals(newPair.leaf(), store.load(DOMAIN).orElseThrow().leaf(), "load serves the complete pending pair");
        assertTrue(store.repair(DOMAIN));
        assertEquals(newPair.leaf(), store.load(DOMAIN).orElseThrow().leaf());
        assertTrue(store.load(DOMAIN).orElseThrow().keyMatchesLeaf());
        assertFalse(Files.exists(store.hostDir(DOMAIN).resolve(CertificateFiles.PENDING)));
    }

    @Test
    void crashBeforeTheRenamesInstallsTheNewerPendingPair() throws Exception {
        CertificateFiles store = store();
        store.save(DOMAIN, oldPair);
        writePending(store, newPair);

        assertEquals(oldPair.leaf(), store.load(DOMAIN).orElseThrow().leaf(), "the current pair still matches");
        assertTrue(store.repair(DOMAIN));
        assertEquals(newPair.leaf(), store.load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void halfWrittenPendingPairIsDiscarded() throws Exception {
        CertificateFiles store = store();
        store.save(DOMAIN, oldPair);
        Path pending = store.hostDir(DOMAIN).resolve(CertificateFiles.PENDING);
        Files.createDirectories(pending);
        Files.writeString(pending.resolve(CertificateFiles.PRIVKEY), Pem.write(newPair.key()));

        assertFalse(store.repair(DOMAIN));
        assertEquals(oldPair.leaf(), store.load(DOMAIN).orElseThrow().leaf());
        assertFalse(Files.exists(pending));
    }

    @Test
    void mismatchWithoutPendingFallsBackToThePreviousPair() throws Exception {
        CertificateFiles store = store();
        store.save(DOMAIN, oldPair);
        store.save(DOMAIN, newPair);
        Files.writeString(store.privkeyPath(DOMAIN), Pem.write(KeyType.EC.generate().getPrivate()));

        assertEquals(oldPair.leaf(), store.load(DOMAIN).orElseThrow().leaf());
    }

    @Test
    void mismatchWithNothingToFallBackOnIsAnError() throws Exception {
        CertificateFiles store = store();
        store.save(DOMAIN, oldPair);
        Files.writeString(store.privkeyPath(DOMAIN), Pem.write(KeyType.EC.generate().getPrivate()));

        StoreException e = assertThrows(StoreException.class, () -> store.load(DOMAIN));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    /** The state after save() wrote pending and renamed the new key, but not yet the chain. */
    private void crashAfterKeyRename(CertificateFiles store) throws Exception {
        writePending(store, newPair);
        Files.writeString(store.privkeyPath(DOMAIN), Pem.write(newPair.key()), StandardCharsets.US_ASCII);
    }

    private static void writePending(CertificateFiles store, CertifiedKey pair) throws Exception {
        Path pending = store.hostDir(DOMAIN).resolve(CertificateFiles.PENDING);
        Files.createDirectories(pending);
        Files.writeString(pending.resolve(CertificateFiles.PRIVKEY), Pem.write(pair.key()));
        Files.writeString(pending.resolve(CertificateFiles.FULLCHAIN), Pem.writeChain(pair.chain()));
    }
}
