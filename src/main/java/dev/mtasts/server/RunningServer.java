package dev.mtasts.server;

import dev.mtasts.challenge.ChallengeResponses;
import dev.mtasts.http.PolicyServer;
import dev.mtasts.http.PolicyServer.BoundPorts;
import dev.mtasts.http.SiteRegistry;
import dev.mtasts.metrics.ServerMetrics;
import java.io.IOException;
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
    private final ChallengeResponses challenges;
    private final ServerMetrics metrics;

    public RunningServer(PolicyServer server, ReloadWatcher watcher, BoundPorts ports, ServerRuntime runtime,
            SiteRegistry registry, ChallengeResponses challenges, ServerMetrics metrics) {
        this.server = server;
        this.watcher = watcher;
        this.ports = ports;
        this.runtime = runtime;
        this.registry = registry;
        this.challenges = challenges;
        this.metrics = metrics;
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

    public ChallengeResponses challenges() {
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
        } catch (IOException e) {
            LOG.debug("closing the file watcher: {}", e.toString());
        }
        server.close();
        LOG.info("stopped");
    }
}
