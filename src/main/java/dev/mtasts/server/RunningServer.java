package dev.mtasts.server;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.http.PolicyServer;
import dev.mtasts.http.PolicyServer.BoundPorts;
import dev.mtasts.site.SiteRegistry;
import dev.mtasts.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started server: its bound ports, its state, and how to stop it. */
public final class RunningServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningServer.class);

    private final PolicyServer server;
    private final ReloadWatcher watcher;
    private final BoundPorts ports;
    private final ServerRuntime runtime;
    private final SiteRegistry registry;
    private final ChallengeStore challenges;
    private final ServerMetrics metrics;
    private final AutoCloseable background;

    /** @param background further services to stop with the server (e.g. the DNS drift monitor) */
    public RunningServer(PolicyServer server, ReloadWatcher watcher, BoundPorts ports, ServerRuntime runtime,
            SiteRegistry registry, ChallengeStore challenges, ServerMetrics metrics, AutoCloseable background) {
        this.server = server;
        this.watcher = watcher;
        this.ports = ports;
        this.runtime = runtime;
        this.registry = registry;
        this.challenges = challenges;
        this.metrics = metrics;
        this.background = background;
    }

    public BoundPorts ports() {
        return ports;
    }

    public ServerRuntime runtime() {
        return runtime;
    }

    public SiteRegistry registry() {
        return registry;
    }

    public ChallengeStore challenges() {
        return challenges;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public ReloadWatcher watcher() {
        return watcher;
    }

    @Override
    public void close() {
        try {
            watcher.close();
            background.close();
        } catch (Exception e) {
            LOG.debug("stopping background services: {}", e.toString());
        }
        server.close();
        LOG.info("stopped");
    }
}
