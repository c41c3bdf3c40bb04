package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ListenerConfig;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} does with a stored certificate for another name: refuse it, or (with ACME) stand in for it. */
class SiteLoaderTest {

    @TempDir
    Path certs;
    private final Clock clock = Clock.systemUTC();
    private final SelfSignedCertificates selfSigned = new SelfSignedCertificates(clock, new SecureRandom());
    private FileStorage store;
    private ServeConfig config;

    @BeforeEach
    void storeACertificateForAnotherName() throws Exception {
        store = new FileStorage(certs);
        store.save("example.com", selfSigned.create("mta-sts.other.example"));
        config = new ServeConfig(List.of(new SiteConfig("example.com", Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 86400))),
                new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), certs, false, Optional.empty());
    }

    private SiteLoader loader(MissingCertificates missing) {
        ServerMetrics metrics = new ServerMetrics();
        return new SiteLoader(store, selfSigned, new SiteFactory(TlsContexts.create(true), metrics), metrics, clock, missing, 16);
    }

    @Test
    void withoutAcmeAWrongNameIsAnErrorThatNamesBoth() {
        LoadException e = assertThrows(LoadException.class, () -> loader(MissingCertificates.SELF_SIGNED_ON_DISK).load(config, null));
        assertTrue(e.getMessage().contains("mta-sts.other.example") && e.getMessage().contains("not mta-sts.example.com"),
                e.getMessage());
    }

    @Test
    void withAcmeATemporarySelfSignedCertificateStandsInAndTheStoredFilesAreLeftForAcme() throws Exception {
        byte[] before = Files.readAllBytes(store.fullchainPath("example.com"));
        CertifiedKey served = loader(MissingCertificates.SELF_SIGNED_IN_MEMORY).load(config, null).certificate("mta-sts.example.com");
        assertTrue(served.coversName("mta-sts.example.com"));
        assertTrue(served.isSelfSigned());
        assertArrayEquals(before, Files.readAllBytes(store.fullchainPath("example.com")));
    }

    @Test
    void aReloadKeepsTheSameStandIn() throws Exception {
        SiteLoader loader = loader(MissingCertificates.SELF_SIGNED_IN_MEMORY);
        var first = loader.load(config, null);
        var second = loader.load(config, first);
        assertEquals(first.certificate("mta-sts.example.com"), second.certificate("mta-sts.example.com"));
    }
}
