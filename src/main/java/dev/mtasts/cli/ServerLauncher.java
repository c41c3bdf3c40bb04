package dev.mtasts.cli;

import dev.mtasts.acme.CertificateIssuer;
import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.http.PolicyServer;
import dev.mtasts.http.RequestLog;
import dev.mtasts.http.ServerLimits;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.http.Transport;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.server.ConfigSource;
import dev.mtasts.server.LoadException;
import dev.mtasts.server.MissingCertificates;
import dev.mtasts.server.PeerCertificates;
import dev.mtasts.server.ServedPolicies;
import dev.mtasts.server.ReloadWatcher;
import dev.mtasts.server.RunningServer;
import dev.mtasts.server.RuntimeDomainAdmin;
import dev.mtasts.server.CertificateRenewals;
import dev.mtasts.server.ServerRuntime;
import dev.mtasts.server.SiteLoader;
import dev.mtasts.server.StatusPage;
import dev.mtasts.server.WatchedFiles;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.StoreException;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.TlsContexts;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the server's object graph from a configuration, starts it, and runs it until SIGTERM/SIGINT. */
final class ServerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);
    private static final int LOGGED_SITES = 20;

    private final ServeConfig initial;
    private final ConfigSource source;
    private final Tuning tuning;
    private final Clock clock = Clock.systemUTC();

    /** @param tuning the test knobs (ACME retry waits, lease time; production values outside tests) */
    ServerLauncher(ServeConfig initial, ConfigSource source, Tuning tuning) {
        this.initial = initial;
        this.source = source;
        this.tuning = tuning;
    }

    int run() throws Exception {
        RunningServer server;
        try {
            server = start();
        } catch (LoadException | PolicyServer.BindFailedException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCode.FAILURE.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCode.SUCCESS.code();
    }

    RunningServer start() throws LoadException, InterruptedException, IOException {
        ServerMetrics metrics = new ServerMetrics();
        StorageBackend backend = Backends.open(initial.storage(), clock);
        try {
            return start(backend, metrics);
        } catch (LoadException | InterruptedException | IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private RunningServer start(StorageBackend backend, ServerMetrics metrics)
            throws LoadException, InterruptedException, IOException {
        CertificateStorage store = backend.certificates();
        ChallengeStore challenges = backend.challenges();
        metrics.storage(backend::up, backend::calls);
        LOG.info("storage: {}", backend.describe());
        List<RuntimeDomain> runtimeDomains = runtimeDomains(backend);
        ServeConfig effective = ServerRuntime.effective(initial, runtimeDomains);
        boolean certificateMissing = initial.acme().enabled() && anyMissing(store, effective);
        Optional<AcmeStartup> acmeStartup = initial.acme().enabled() ? Optional.of(AcmeStartup.begin(
                () -> AcmeComponents.issuer(initial, initial.acme().challenges(), backend, challenges,
                        CertificateRenewals.metrics(metrics), clock, tuning.backoffScale()),
                certificateMissing)) : Optional.empty();
        TlsContexts tls = TlsContexts.create(initial.engine().jdkTls());
        SiteFactory factory = new SiteFactory(tls, metrics);
        SiteLoader loader = siteLoader(store, factory, metrics, initial.storage().shared());
        SiteRegistry registry = new SiteRegistry(loader.load(effective, null));
        metrics.certificatesCached(() -> registry.current().certificates().size());
        ServerRuntime runtime = new ServerRuntime(source, loader, registry, metrics, initial,
                backend.domains(), runtimeDomains);
        backend.watchDomains(runtime::peerDomainChanged);
        backend.watch(new PeerCertificates(store, runtime));
        if (initial.storage().shared()) { // only replicas compare what they serve (at 100,000 domains: ~50 ms a change)
            AtomicReference<String> served = new AtomicReference<>(ServedPolicies.digest(registry.current()));
            backend.serving(served.get());
            runtime.addListener(next -> { // after a reload or a runtime domain change
                served.set(ServedPolicies.digest(registry.current()));
                backend.serving(served.get());
            });
            metrics.replicas(() -> backend.replicas().stream().map(r -> r.served().equals(served.get())).toList());
        }
        RequestLog requestLog = new RequestLog(initial.accessLog());
        OnDemandComponents onDemand = OnDemandComponents.create(initial, runtime, registry, metrics, clock);
        TlsrptComponents tlsrpt = TlsrptComponents.create(initial, backend, registry, metrics, clock);
        PolicyServer server = new PolicyServer(registry, onDemand.names(), challenges, tls, metrics, requestLog, clock,
                limits(initial), Transport.create(initial.engine().nio()),
                initial.engine().threadsOr(Runtime.getRuntime().availableProcessors()), tlsrpt.endpoint());
        BackgroundServices background = new BackgroundServices(runtime, backend, metrics, clock, tuning);
        PolicyServer.BoundPorts ports;
        try {
            ports = server.start(initial.listeners(), () -> "ok: serving " + registry.current().size() + " domain(s)",
                    () -> StatusPage.render(registry.current(), background.drift(), background.outside(), backend, clock)
                            + tlsrpt.status(),
                    new RuntimeDomainAdmin(runtime, registry, clock));
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            onDemand.close();
            tlsrpt.close();
            throw e;
        }
        tlsrpt.start();
        boolean shared = initial.storage().shared();
        ReloadWatcher watcher = new ReloadWatcher(runtime, () -> shared ? WatchedFiles.configOnly(runtime.config())
                : WatchedFiles.of(runtime.config(), new FileStorage(runtime.config().certsDir())));
        watcher.start();
        try {
            Optional<CertificateIssuer> issuer = acmeStartup.isPresent() ? Optional.of(acmeStartup.get().issuer())
                    : Optional.empty();
            background.start(initial, issuer);
        } catch (IOException | RuntimeException | InterruptedException e) {
            watcher.close();
            server.close();
            onDemand.close();
            tlsrpt.close();
            throw e;
        }
        runtime.addChangeListener((previous, next, changes) -> {
            requestLog.enabled(next.accessLog());
            if (!next.limits().equals(previous.limits())) {
                server.limits(limits(next));
            }
            background.apply(next, changes);
        });
        List<SiteConfig> sites = runtime.config().sites();
        for (SiteConfig s : sites.subList(0, Math.min(sites.size(), LOGGED_SITES))) {
            LOG.info("serving https://{}/.well-known/mta-sts.txt (mode {}, policy id {})", s.policyHost(),
                    s.policy().mode(), s.policy().id());
        }
        if (sites.size() > LOGGED_SITES) {
            LOG.info("... and {} more domain(s), {} of them added at runtime", sites.size() - LOGGED_SITES,
                    runtimeDomains.size());
        } else if (sites.isEmpty() && initial.onDemand().enabled()) {
            LOG.info("serving no domain yet: domains whose DNS qualifies are added on demand (targets {})",
                    initial.onDemand().targets());
        } else if (sites.isEmpty()) {
            LOG.warn("serving no domain yet: add one with `mta-sts domains add` (admin API on port {})",
                    initial.listeners().adminPort());
        }
        return new RunningServer(server, watcher, ports, runtime, registry, challenges, metrics, () -> {
            onDemand.close();
            tlsrpt.close();
            background.close();
            backend.close();
        });
    }

    /**
     * The domains added at runtime, as stored; unreadable entries are logged and skipped, and an unreachable
     * store starts with none (a shared store's change feed reports them once it answers).
     */
    private static List<RuntimeDomain> runtimeDomains(StorageBackend backend) {
        try {
            DomainStore.Listing listing = backend.domains().all();
            listing.problems().forEach(p -> LOG.error("runtime domain not served: {}", p));
            if (!listing.domains().isEmpty()) {
                LOG.info("{} domain(s) added at runtime, from {}", listing.domains().size(), backend.describe());
            }
            return listing.domains();
        } catch (StoreException e) {
            LOG.warn("cannot read the domains added at runtime ({}); serving the configured ones until it answers",
                    e.getMessage());
            return List.of();
        }
    }

    /** Whether a served domain has no certificate stored yet (ACME then logs in while the listeners start). */
    private boolean anyMissing(CertificateStorage store, ServeConfig effective) throws LoadException {
        try {
            java.util.Set<String> stored = new java.util.HashSet<>(store.domains());
            return effective.sites().stream().anyMatch(s -> !stored.contains(s.domain()));
        } catch (StoreException e) {
            throw new LoadException(e.getMessage(), e);
        }
    }

    /** A missing certificate gets a self-signed stand-in, kept on disk only for a single node without ACME. */
    private SiteLoader siteLoader(CertificateStorage store, SiteFactory factory, ServerMetrics metrics, boolean shared) {
        MissingCertificates missing = initial.acme().enabled() || shared ? MissingCertificates.SELF_SIGNED_IN_MEMORY
                : MissingCertificates.SELF_SIGNED_ON_DISK;
        return new SiteLoader(store, new SelfSignedCertificates(clock, new SecureRandom()), factory, metrics, clock,
                missing, initial.limits().certificateCache());
    }

    private static ServerLimits limits(ServeConfig config) {
        return ServerLimits.DEFAULT.withConnectionLimits(config.limits().maxConnections(),
                config.limits().maxConnectionsPerIp())
                .withTimeouts(config.limits().requestTimeoutSeconds(), config.limits().idleTimeoutSeconds());
    }
}
