package dev.mtasts.cli;

import dev.mtasts.challenge.ChallengeResponses;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.http.PolicyServer;
import dev.mtasts.http.RequestLog;
import dev.mtasts.http.ServerLimits;
import dev.mtasts.http.SiteFactory;
import dev.mtasts.http.SiteRegistry;
import dev.mtasts.http.Sites;
import dev.mtasts.http.Transport;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.server.ConfigSource;
import dev.mtasts.server.LoadException;
import dev.mtasts.server.MissingCertificates;
import dev.mtasts.server.ReloadWatcher;
import dev.mtasts.server.RunningServer;
import dev.mtasts.server.ServerRuntime;
import dev.mtasts.server.SiteLoader;
import dev.mtasts.store.CertificateStore;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.tls.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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

    ServerLauncher(ServeConfig initial, ConfigSource source, int threads, boolean jdkTls, boolean nio) {
        this.initial = initial;
        this.source = source;
        this.threads = threads;
        this.jdkTls = jdkTls;
        this.nio = nio;
    }

    int run() throws Exception {
        RunningServer server;
        try {
            server = start();
        } catch (LoadException | PolicyServer.BindFailedException e) {
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
        TlsContexts tls = TlsContexts.create(jdkTls);
        CertificateStore store = new CertificateStore(initial.certsDir());
        SiteFactory factory = new SiteFactory(tls, metrics);
        SiteLoader loader = new SiteLoader(store, new SelfSignedCertificates(clock, new SecureRandom()), factory,
                metrics, clock, MissingCertificates.SELF_SIGNED_ON_DISK);
        Sites sites = loader.load(initial, null);
        SiteRegistry registry = new SiteRegistry(sites);
        ServerRuntime runtime = new ServerRuntime(source, loader, registry, factory, metrics, initial);
        ChallengeResponses challenges = new ChallengeResponses();
        PolicyServer server = new PolicyServer(registry, challenges, tls, metrics,
                new RequestLog(initial.accessLog()), clock, ServerLimits.DEFAULT.withConnectionLimits(
                        initial.listeners().maxConnections(), initial.listeners().maxConnectionsPerIp()), Transport.create(nio), threads);
        PolicyServer.BoundPorts ports;
        try {
            ports = server.start(initial.listeners(), () -> "ok: serving " + registry.current().size() + " domain(s)");
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        ReloadWatcher watcher = new ReloadWatcher(runtime, () -> watchedDirectories(runtime.config(), store));
        watcher.start();
        for (SiteConfig s : initial.sites()) {
            LOG.info("serving https://{}/.well-known/mta-sts.txt (mode {}, policy id {})", s.policyHost(),
                    s.policy().mode(), s.policy().id());
        }
        return new RunningServer(server, watcher, ports, runtime, registry, challenges, metrics);
    }

    private static Set<Path> watchedDirectories(ServeConfig config, CertificateStore store) {
        Set<Path> dirs = new LinkedHashSet<>();
        config.configFile().ifPresent(f -> dirs.add(f.toAbsolutePath().getParent()));
        dirs.add(store.root());
        for (SiteConfig s : config.sites()) {
            s.policyFile().ifPresent(f -> dirs.add(f.toAbsolutePath().getParent()));
            dirs.add(store.hostDir(s.domain()));
        }
        return dirs;
    }
}
