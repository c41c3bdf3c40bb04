package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ListenerConfig;
import dev.mtasts.config.PolicyDefaults;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.store.FileDomainStore;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.TlsContexts;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Domains added and removed while the server runs, beside those of the config file. */
class RuntimeDomainsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Policy CONFIGURED = Policy.of(Mode.ENFORCE, List.of("mail.example.com"), 86400);
    private static final Policy OWN = Policy.of(Mode.TESTING, List.of("mx.customer.example"), 604800);
    private static final PolicyDefaults TEMPLATE = new PolicyDefaults(Mode.ENFORCE, List.of("*.provider.example"), 604800);

    @TempDir
    Path certs;
    private ServeConfig file;
    private ServerRuntime runtime;
    private SiteRegistry registry;
    private FileDomainStore store;
    private final List<ServeConfig> told = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        ServeConfig plain = new ServeConfig(List.of(new SiteConfig("example.com", CONFIGURED)),
                new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"), certs, false, Optional.empty());
        file = new ServeConfig(plain.sites(), plain.listeners(), plain.limits(), TEMPLATE, plain.acme(), plain.dns(),
                plain.drift(), plain.storage(), plain.engine(), plain.onDemand(), false, Optional.empty(), Optional.empty());
        store = new FileDomainStore(certs);
        runtime = runtime(List.of());
    }

    private ServerRuntime runtime(List<RuntimeDomain> stored) throws Exception {
        Clock clock = Clock.systemUTC();
        ServerMetrics metrics = new ServerMetrics();
        SiteFactory factory = new SiteFactory(TlsContexts.create(true), metrics);
        SiteLoader loader = new SiteLoader(new FileStorage(certs), new SelfSignedCertificates(clock, new SecureRandom()),
                factory, metrics, clock, MissingCertificates.SELF_SIGNED_IN_MEMORY, 1000);
        registry = new SiteRegistry(loader.load(ServerRuntime.effective(file, stored), null));
        ServerRuntime r = new ServerRuntime(() -> file, loader, registry, metrics, file, store, stored);
        r.addListener(told::add);
        return r;
    }

    private static RuntimeDomain api(String domain, Policy policy) {
        return new RuntimeDomain(domain, Optional.of(policy), RuntimeDomain.Origin.API, NOW);
    }

    @Test
    void anAddedDomainIsServedStoredAndAnnounced() throws Exception {
        runtime.putDomain(api("customer.example", OWN));

        assertEquals(OWN, registry.current().forHost("mta-sts.customer.example").config().policy());
        assertNotNull(registry.current().forHost("mta-sts.example.com"), "the configured domain stays");
        assertTrue(store.find("customer.example").isPresent());
        assertEquals(1, told.size());
        assertTrue(told.get(0).site("customer.example").isPresent(), "listeners see the effective configuration");
        assertTrue(runtime.config().site("customer.example").isPresent());
    }

    @Test
    void aDomainWithoutItsOwnPolicyIsServedWithTheTemplate() throws Exception {
        runtime.putDomain(new RuntimeDomain("customer.example", Optional.empty(), RuntimeDomain.Origin.ON_DEMAND, NOW));
        assertEquals(TEMPLATE.policy(), registry.current().forHost("mta-sts.customer.example").config().policy());
    }

    @Test
    void aRemovedDomainIsNoLongerServedNorStored() throws Exception {
        runtime.putDomain(api("customer.example", OWN));
        assertTrue(runtime.removeDomain("customer.example"));

        assertNull(registry.current().forHost("mta-sts.customer.example"));
        assertTrue(store.find("customer.example").isEmpty());
        assertFalse(runtime.removeDomain("customer.example"));
        assertTrue(runtime.config().site("customer.example").isEmpty());
    }

    @Test
    void aConfigFileDomainCannotBeChangedOrRemovedAtRuntime() {
        assertThrows(IllegalStateException.class, () -> runtime.putDomain(api("example.com", OWN)));
        assertThrows(IllegalStateException.class, () -> runtime.removeDomain("example.com"));
        assertEquals(CONFIGURED, registry.current().forHost("mta-sts.example.com").config().policy());
    }

    @Test
    void storedDomainsAreServedAgainAfterARestart() throws Exception {
        runtime.putDomain(api("customer.example", OWN));

        runtime(store.all().domains());

        assertEquals(OWN, registry.current().forHost("mta-sts.customer.example").config().policy());
    }

    @Test
    void aReloadKeepsTheRuntimeDomains() throws Exception {
        runtime.putDomain(api("customer.example", OWN));
        assertTrue(runtime.reload("test"));
        assertNotNull(registry.current().forHost("mta-sts.customer.example"));
    }

    @Test
    void anotherReplicasChangeIsServedWithoutWritingTheStore() throws Exception {
        runtime.peerDomainChanged("peer.example", Optional.of(api("peer.example", OWN)));
        assertNotNull(registry.current().forHost("mta-sts.peer.example"));
        assertTrue(store.find("peer.example").isEmpty());

        int before = told.size();
        runtime.peerDomainChanged("peer.example", Optional.of(api("peer.example", OWN)));
        assertEquals(before, told.size(), "an entry served already changes nothing");

        runtime.peerDomainChanged("peer.example", Optional.empty());
        assertNull(registry.current().forHost("mta-sts.peer.example"));
    }
}
