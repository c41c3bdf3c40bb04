package dev.mtasts.cli;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.challenge.InMemoryChallengeStore;
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
import dev.mtasts.server.ReloadWatcher;
import dev.mtasts.server.RunningServer;
import dev.mtasts.server.ServerRuntime;
import dev.mtasts.server.SiteLoader;
import dev.mtasts.server.WatchedFiles;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.store.StoreException;
import dev.mtasts.tls.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.dns.DnsjavaLookups;
import dev.mtasts.dns.LookupSessions;
import dev.mtasts.dns.ResolverAddress;
import dev.mtasts.acme.CertificateListener;
import dev.mtasts.acme.RenewalRunner;
import dev.mtasts.server.CertificateRenewals;
import dev.mtasts.server.DriftCheck;
import dev.mtasts.server.IdPublisher;
import dev.mtasts.dns.DnsUpdater;
import javax.net.ssl.SSLException;
import dev.mtasts.server.DriftMonitor;
import dev.mtasts.server.StatusPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the server's object graph from a configuration, starts it, and runs it until SIGTERM/SIGINT. */
final class ServerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);

    private final ServeConfig initial;
    private final ConfigSource source;
    private final int threads;
    private final boolean jdkTls;
    private final boolean nio;
    private final Clock clock = Clock.systemUTC();
    private Optional<ResolverAddress> resolver = Optional.empty();
    private Duration dnsCheckInterval = Duration.ZERO;
    private Optional<AcmeOptions> acme = Optional.empty();
    private Optional<DnsUpdater> idUpdates = Optional.empty();

    ServerLauncher(ServeConfig initial, ConfigSource source, int threads, boolean jdkTls, boolean nio) {
        this.initial = initial;
        this.source = source;
        this.threads = threads;
        this.jdkTls = jdkTls;
        this.nio = nio;
    }

    /** Enables the periodic DNS drift check (a zero interval leaves it off). */
    ServerLauncher withDriftCheck(Optional<ResolverAddress> resolverAddress, Duration interval) {
        this.resolver = resolverAddress;
        this.dnsCheckInterval = interval;
        return this;
    }

    /** Obtains and renews certificates with ACME while serving. */
    ServerLauncher withAcme(AcmeOptions options) {
        this.acme = Optional.of(options);
        return this;
    }

    /** Publishes the served policy ids in DNS after each change (RFC 8461 §8.1 order). */
    ServerLauncher withIdPublisher(DnsUpdater updater) {
        this.idUpdates = Optional.of(updater);
        return this;
    }

    int run() throws Exception {
        RunningServer server;
        try {
            server = start();
        } catch (LoadException | PolicyServer.BindFailedException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    RunningServer start() throws LoadException, InterruptedException, IOException {
        ServerMetrics metrics = new ServerMetrics();
        FileStorage store = new FileStorage(initial.certsDir());
        ChallengeStore challenges = new InMemoryChallengeStore();
        boolean certificateMissing = acme.isPresent() && anyMissing(store);
        Optional<AcmeStartup> acmeStartup = acme.map(options -> AcmeStartup.begin(
                () -> AcmeComponents.issuer(options, options.settings().challenges(), store, challenges),
                certificateMissing));
        TlsContexts tls = TlsContexts.create(jdkTls);
        SiteFactory factory = new SiteFactory(tls, metrics);
        SiteLoader loader = siteLoader(store, factory, metrics);
        SiteRegistry registry = new SiteRegistry(loader.load(initial, null));
        ServerRuntime runtime = new ServerRuntime(source, loader, registry, factory, metrics, initial);
        PolicyServer server = new PolicyServer(registry, challenges, tls, metrics, new RequestLog(initial.accessLog()),
                clock, limits(), Transport.create(nio), threads);
        AtomicReference<Optional<DriftMonitor>> drift = new AtomicReference<>(Optional.empty());
        PolicyServer.BoundPorts ports;
        try {
            ports = server.start(initial.listeners(), () -> "ok: serving " + registry.current().size() + " domain(s)",
                    () -> StatusPage.render(registry.current(), drift.get()));
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        ReloadWatcher watcher = new ReloadWatcher(runtime, () -> WatchedFiles.of(runtime.config(), store));
        watcher.start();
        AutoCloseable background;
        try {
            background = startBackground(runtime, store, acmeStartup, metrics, drift);
        } catch (IOException | RuntimeException | InterruptedException e) {
            watcher.close();
            server.close();
            throw e;
        }
        for (SiteConfig s : initial.sites()) {
            LOG.info("serving https://{}/.well-known/mta-sts.txt (mode {}, policy id {})", s.policyHost(),
                    s.policy().mode(), s.policy().id());
        }
        return new RunningServer(server, watcher, ports, runtime, registry, challenges, metrics, background);
    }

    private SiteLoader siteLoader(CertificateStorage store, SiteFactory factory, ServerMetrics metrics) {
        MissingCertificates missing = acme.isPresent() ? MissingCertificates.SELF_SIGNED_IN_MEMORY
                : MissingCertificates.SELF_SIGNED_ON_DISK;
        return new SiteLoader(store, new SelfSignedCertificates(clock, new SecureRandom()), factory, metrics, clock,
                missing);
    }

    /** Whether a configured domain has no certificate stored yet (ACME then logs in while the listeners start). */
    private boolean anyMissing(CertificateStorage store) throws LoadException {
        try {
            List<String> stored = store.domains();
            return initial.sites().stream().anyMatch(s -> !stored.contains(s.domain()));
        } catch (StoreException e) {
            throw new LoadException(e.getMessage(), e);
        }
    }

    private ServerLimits limits() {
        return ServerLimits.DEFAULT.withConnectionLimits(initial.listeners().maxConnections(),
                initial.listeners().maxConnectionsPerIp())
                .withTimeouts(initial.listeners().requestTimeoutSeconds(), initial.listeners().idleTimeoutSeconds());
    }

    /** The drift monitor, the renewal loop and the id publisher, as configured; closing stops them all. */
    private AutoCloseable startBackground(ServerRuntime runtime, FileStorage store,
            Optional<AcmeStartup> acmeStartup, ServerMetrics metrics,
            AtomicReference<Optional<DriftMonitor>> driftHolder) throws IOException, InterruptedException {
        Optional<DriftMonitor> drift = startDriftMonitor(runtime, metrics);
        driftHolder.set(drift);
        Optional<CertificateRenewals> renewals;
        try {
            renewals = acmeStartup.isPresent() ? Optional.of(startRenewals(runtime, store, acmeStartup.get(), metrics))
                    : Optional.empty();
        } catch (IOException | RuntimeException | InterruptedException e) {
            drift.ifPresent(DriftMonitor::close);
            throw e;
        }
        Optional<IdPublisher> publisher = idUpdates.map(IdPublisher::new);
        publisher.ifPresent(p -> {
            runtime.addListener(p);
            p.reloaded(initial);
        });
        return () -> {
            renewals.ifPresent(CertificateRenewals::close);
            publisher.ifPresent(IdPublisher::close);
            drift.ifPresent(DriftMonitor::close);
        };
    }

    private CertificateRenewals startRenewals(ServerRuntime runtime, FileStorage store, AcmeStartup acmeStartup,
            ServerMetrics metrics) throws IOException, InterruptedException {
        CertificateListener install = (domain, pair) -> {
            try {
                runtime.installCertificate(domain, pair);
            } catch (SSLException e) {
                LOG.error("new certificate for {} stored but not usable by the TLS engine: {}", domain, e.getMessage());
            }
        };
        RenewalRunner runner = AcmeComponents.runner(acme.get(), acmeStartup.issuer(), store, store.locker(), install,
                CertificateRenewals.metrics(metrics), clock);
        CertificateRenewals renewals = new CertificateRenewals(runner, clock);
        renewals.start(runtime.config());
        runtime.addListener(renewals);
        return renewals;
    }

    private Optional<DriftMonitor> startDriftMonitor(ServerRuntime runtime, ServerMetrics metrics) throws IOException {
        if (dnsCheckInterval.isZero()) {
            return Optional.empty();
        }
        Duration timeout = Duration.ofSeconds(5);
        DnsLookups dns = new DnsjavaLookups(LookupSessions.create(resolver, timeout), timeout.plusSeconds(1));
        DriftMonitor monitor = new DriftMonitor(new DriftCheck(dns), metrics);
        monitor.start(runtime::config, dnsCheckInterval);
        runtime.addListener(monitor::checkSoon);
        return Optional.of(monitor);
    }
}
