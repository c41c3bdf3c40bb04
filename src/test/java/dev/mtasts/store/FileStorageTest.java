package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.TestCa;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file implementation of {@link CertificateStorage} in the certbot-like layout. */
class FileStorageTest {

    @TempDir
    Path dir;

    final TestCa ca = new TestCa("Test CA", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(400)));

    CertifiedKey pair(String host) {
        return ca.pair(List.of(host), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
    }

    @Test
    void listsTheDomainsWithACertificateOrKeyOnly() throws Exception {
        FileStorage storage = new FileStorage(dir);
        storage.save("b.example", pair("mta-sts.b.example"));
        storage.save("a.example", pair("mta-sts.a.example"));
        Files.createDirectories(dir.resolve("mta-sts.empty.example"));
        storage.account(URI.create("https://ca.example/dir")).saveUrl(URI.create("https://ca.example/acct/1").toURL());
        Files.createDirectories(dir.resolve("mta-sts.key-only.example"));
        Files.writeString(dir.resolve("mta-sts.key-only.example/privkey.pem"), "");

        assertEquals(List.of("a.example", "b.example", "key-only.example"), storage.domains());
        assertEquals(List.of(), new FileStorage(dir.resolve("missing")).domains());
    }

    @Test
    void keepsTheRenewalStatusBesideTheCertificate() throws Exception {
        FileStorage storage = new FileStorage(dir);
        RenewalStatus status = RenewalStatus.UNKNOWN.scheduled(Instant.parse("2026-12-01T00:00:00Z"), "test");

        storage.saveStatus("example.test", status);

        assertEquals(status, storage.loadStatus("example.test"));
        assertTrue(Files.exists(dir.resolve("mta-sts.example.test/renewal.properties")));
        assertEquals(RenewalStatus.UNKNOWN, storage.loadStatus("other.test"));
    }

    @Test
    void warnsAboutAKeyOthersCanRead() throws Exception {
        FileStorage storage = new FileStorage(dir);
        storage.save("example.test", pair("mta-sts.example.test"));
        assertEquals(Optional.empty(), storage.keyExposure("example.test"));

        Files.setPosixFilePermissions(storage.privkeyPath("example.test"), PosixFilePermissions.fromString("rw-r--r--"));

        assertEquals(Optional.of(storage.privkeyPath("example.test")
                + " can be read by other users: run chmod 600 on it (and 700 on its directory)"),
                storage.keyExposure("example.test"));
    }
}
