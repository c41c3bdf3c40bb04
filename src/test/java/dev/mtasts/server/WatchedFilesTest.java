package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ListenerConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.store.FileStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchedFilesTest {

    private final Path etc = Path.of("/etc/mta-sts");
    private final WatchedFiles watched = WatchedFiles.of(new ServeConfig(
            List.of(new SiteConfig("example.com", Policy.of(Mode.NONE, List.of(), 86400), Optional.of(etc.resolve("p.txt")))),
            new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), Path.of("/var/lib/mta-sts/certs"), false,
            Optional.of(etc.resolve("mta-sts.toml"))), new FileStorage(Path.of("/var/lib/mta-sts/certs")));

    @Test
    void configPolicyAndCertificateFilesAreRelevant() {
        assertTrue(watched.isRelevant(etc.resolve("mta-sts.toml")));
        assertTrue(watched.isRelevant(etc.resolve("p.txt")));
        assertTrue(watched.isRelevant(Path.of("/var/lib/mta-sts/certs/mta-sts.example.com/fullchain.pem")));
        assertTrue(watched.isRelevant(Path.of("/var/lib/mta-sts/certs/mta-sts.example.com/privkey.pem")));
        assertTrue(watched.isRelevant(Path.of("/var/lib/mta-sts/certs/mta-sts.new.example")));
    }

    @Test
    void neighboursOfWatchedFilesAreIgnored() {
        assertFalse(watched.isRelevant(etc.resolve("server.log")));
        assertFalse(watched.isRelevant(etc.resolve(".mta-sts.toml.swp")));
        assertFalse(watched.isRelevant(Path.of("/var/lib/mta-sts/certs/mta-sts.example.com/.privkey.pem.tmp")));
        assertFalse(watched.isRelevant(Path.of("/var/lib/mta-sts/certs/accounts")));
    }
}
