package dev.mtasts.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCopyStorageTest {

    @TempDir
    Path dir;
    private final AtomicBoolean up = new AtomicBoolean(true);

    private CertifiedKey pair() throws Exception {
        return new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom()).create("mta-sts.example.com");
    }

    @Test
    void aPairReadFromTheSharedStorageIsCopiedAndServedFromTheCopyWhileTheSharedOneIsDown() throws Exception {
        FileStorage shared = new FileStorage(dir.resolve("shared"));
        FileStorage copy = new FileStorage(dir.resolve("copy"));
        CertifiedKey pair = pair();
        shared.save("example.com", pair);
        LocalCopyStorage storage = new LocalCopyStorage(shared, copy, up::get);

        assertEquals(pair.leaf(), storage.load("example.com").orElseThrow().leaf());
        assertEquals(pair.leaf(), copy.load("example.com").orElseThrow().leaf());

        up.set(false);
        Files.delete(shared.fullchainPath("example.com")); // the shared storage is not read while it is down
        assertEquals(pair.leaf(), storage.load("example.com").orElseThrow().leaf());
        assertEquals(List.of("example.com"), storage.domains());
    }

    @Test
    void aDomainWithNeitherASharedRowNorACopyReadsAsNoneWhileTheSharedStorageFails() throws Exception {
        LocalCopyStorage storage = new LocalCopyStorage(new Failing(), new FileStorage(dir.resolve("copy")), up::get);
        assertEquals(Optional.empty(), storage.load("example.com"));
    }

    @Test
    void aFencedSaveGoesToTheSharedStorageAndTheCopy() throws Exception {
        FileStorage shared = new FileStorage(dir.resolve("shared"));
        FileStorage copy = new FileStorage(dir.resolve("copy"));
        CertifiedKey pair = pair();
        new LocalCopyStorage(shared, copy, up::get).save("example.com", pair, 7);
        assertEquals(pair.leaf(), shared.load("example.com").orElseThrow().leaf());
        assertEquals(pair.leaf(), copy.load("example.com").orElseThrow().leaf());
        assertTrue(Files.exists(copy.privkeyPath("example.com")));
    }

    /** A shared storage that is unreachable: every read fails. */
    private static final class Failing implements CertificateStorage {
        @Override
        public Optional<CertifiedKey> load(String domain) throws StoreException {
            throw new StoreException("database unreachable (test)");
        }

        @Override
        public Optional<CertifiedKey> previous(String domain) throws StoreException {
            throw new StoreException("database unreachable (test)");
        }

        @Override
        public void save(String domain, CertifiedKey pair) throws StoreException {
            throw new StoreException("database unreachable (test)");
        }

        @Override
        public boolean repair(String domain) {
            return false;
        }

        @Override
        public List<String> domains() throws StoreException {
            throw new StoreException("database unreachable (test)");
        }

        @Override
        public dev.mtasts.store.RenewalStatus loadStatus(String domain) throws StoreException {
            throw new StoreException("database unreachable (test)");
        }

        @Override
        public void saveStatus(String domain, dev.mtasts.store.RenewalStatus status) throws StoreException {
            throw new StoreException("database unreachable (test)");
        }

        @Override
        public dev.mtasts.store.AccountStorage account(java.net.URI directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String location(String domain) {
            return "the test database";
        }

        @Override
        public Optional<String> keyExposure(String domain) {
            return Optional.empty();
        }
    }
}
