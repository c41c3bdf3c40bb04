package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.acme.KeyType;
import dev.mtasts.acme.TestCa;
import dev.mtasts.config.AcmeConfig;
import dev.mtasts.config.DnsConfig;
import dev.mtasts.config.DriftConfig;
import dev.mtasts.config.EngineConfig;
import dev.mtasts.config.LimitsConfig;
import dev.mtasts.config.ListenerConfig;
import dev.mtasts.config.OnDemandConfig;
import dev.mtasts.config.PolicyDefaults;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.StorageConfig;
import dev.mtasts.dns.DnsAnswer;
import dev.mtasts.dns.FakeDnsLookups;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.ondemand.GateLimits;
import dev.mtasts.ondemand.OnDemandGate;
import dev.mtasts.ondemand.Qualification;
import dev.mtasts.ondemand.Targets;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.MxPattern;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileDomainStore;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.TlsContexts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake hook with a real runtime: approved domains are stored and served, refused ones leave no trace. */
class OnDemandAdmissionTest {

    private static final String HOST = "mta-sts.customer.example";

    @TempDir
    Path certs;
    private final Clock clock = Clock.systemUTC();
    private final ServerMetrics metrics = new ServerMetrics();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final FakeDnsLookups dns = new FakeDnsLookups();
    private final Semaphore additions = new Semaphore(0);
    private SiteRegistry registry;
    private ServerRuntime runtime;

    @BeforeEach
    void runtime() throws Exception {
        ServeConfig config = new ServeConfig(List.of(), new ListenerConfig(443, 80, List.of(), 0, "127.0.0.1"),
                LimitsConfig.DEFAULT, new PolicyDefaults(Mode.ENFORCE, List.of("*.provider.example"), 86400),
                AcmeConfig.off(), DnsConfig.none(), new DriftConfig(0, false), new StorageConfig(certs),
                new EngineConfig(0, false, false), OnDemandConfig.OFF, false, Optional.empty(), Optional.empty());
        SiteFactory factory = new SiteFactory(TlsContexts.create(true), metrics);
        SiteLoader loader = new SiteLoader(new FileStorage(certs), new SelfSignedCertificates(clock, new SecureRandom()),
                factory, metrics, clock, MissingCertificates.SELF_SIGNED_IN_MEMORY, 1000);
        registry = new SiteRegistry(loader.load(config, null));
        runtime = new ServerRuntime(() -> config, loader, registry, metrics, config,
                new FileDomainStore(certs), List.of());
        runtime.addListener(c -> additions.release());
        dns.txt("_mta-sts.customer.example", "v=STSv1; id=1")
                .put("A", HOST, DnsAnswer.found(HOST, List.of(InetAddress.getLoopbackAddress()))
                        .withAliases(List.of("mta-sts.provider.example")))
                .mx("customer.example", "mx1.provider.example");
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private OnDemandAdmission admission(Duration wait) {
        Qualification q = new Qualification(dns, Targets.of(List.of("mta-sts.provider.example")),
                () -> List.of(new MxPattern("*.provider.example")), Optional.empty());
        GateLimits limits = new GateLimits(Duration.ofMinutes(10), Duration.ofMinutes(10), 10, 20, 300,
                Duration.ofHours(3), 1000);
        OnDemandGate gate = new OnDemandGate(q, limits, clock, Runnable::run, metrics);
        return new OnDemandAdmission(gate, runtime, registry, executor, clock, wait);
    }

    private CertifiedKey caIssued() {
        Instant now = clock.instant();
        TestCa ca = new TestCa("Test CA", now.minusSeconds(3600), now.plus(Duration.ofDays(365)));
        KeyPair keys = KeyType.EC.generate();
        return new CertifiedKey(keys.getPrivate(), List.of(ca.issue(keys.getPublic(), List.of(HOST),
                now.minusSeconds(60), now.plus(Duration.ofDays(90))), ca.certificate()));
    }

    @Test
    void anApprovedDomainIsServedAtOnceAndItsHandshakesWaitForTheRealCertificate() throws Exception {
        OnDemandAdmission admission = admission(Duration.ofSeconds(30));
        CompletableFuture<Boolean> first = admission.admit(HOST, "198.51.100.7").toCompletableFuture();
        assertTrue(additions.tryAcquire(5, TimeUnit.SECONDS), "domain added");
        assertEquals(RuntimeDomain.Origin.ON_DEMAND, runtime.runtimeDomain("customer.example").orElseThrow().origin());
        assertTrue(registry.current().certificate(HOST).isSelfSigned(), "a stand-in meanwhile");
        assertFalse(first.isDone(), "the handshake waits for the real certificate");
        CompletableFuture<Boolean> later = admission.pending(HOST).toCompletableFuture();
        assertFalse(later.isDone(), "a handshake that finds the stand-in waits too");

        runtime.installCertificate("customer.example", caIssued());
        assertTrue(first.get(5, TimeUnit.SECONDS));
        assertTrue(later.get(5, TimeUnit.SECONDS));
        assertEquals(null, admission.pending(HOST), "nothing pending once the certificate is served");
    }

    @Test
    void aSecondApprovedDomainIsAddedWhileTheFirstWaitsForItsCertificate() throws Exception {
        dns.txt("_mta-sts.second.example", "v=STSv1; id=1")
                .put("A", "mta-sts.second.example", DnsAnswer.found("mta-sts.second.example",
                        List.of(InetAddress.getLoopbackAddress())).withAliases(List.of("mta-sts.provider.example")))
                .mx("second.example", "mx1.provider.example");
        OnDemandAdmission admission = admission(Duration.ofSeconds(30));
        CompletableFuture<Boolean> first = admission.admit(HOST, "198.51.100.7").toCompletableFuture();
        assertTrue(additions.tryAcquire(5, TimeUnit.SECONDS), "first added");
        CompletableFuture<Boolean> second = admission.admit("mta-sts.second.example", "198.51.100.7")
                .toCompletableFuture();
        assertTrue(additions.tryAcquire(5, TimeUnit.SECONDS), "the second is added without waiting for the first's order");
        assertTrue(runtime.runtimeDomain("second.example").isPresent());

        runtime.installCertificate("customer.example", caIssued());
        assertTrue(first.get(5, TimeUnit.SECONDS));
        assertFalse(second.isDone(), "the second waits for its own certificate");
    }

    @Test
    void withoutACertificateInTimeTheHandshakeGetsTheStandIn() throws Exception {
        OnDemandAdmission admission = admission(Duration.ofMillis(200));
        assertTrue(admission.admit(HOST, "198.51.100.7").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(registry.current().certificate(HOST).isSelfSigned());
    }

    @Test
    void aRefusedDomainIsNeitherStoredNorServed() throws Exception {
        dns.mx("customer.example", "mail.elsewhere.example");
        OnDemandAdmission admission = admission(Duration.ofSeconds(30));
        assertFalse(admission.admit(HOST, "198.51.100.7").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), runtime.runtimeDomains());
        assertEquals(null, registry.current().forHost(HOST));
    }

    @Test
    void aNameThatIsNoPolicyHostIsRefusedWithoutADecision() throws Exception {
        OnDemandAdmission admission = admission(Duration.ofSeconds(30));
        assertFalse(admission.admit("www.customer.example", "198.51.100.7").toCompletableFuture().get());
        assertTrue(new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("mtasts_ondemand_decisions_total{result=\"approved\"} 0.0"));
    }
}
