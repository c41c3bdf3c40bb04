package dev.mtasts.server;

import dev.mtasts.acme.AcmeMetrics;
import dev.mtasts.acme.DomainCheck;
import dev.mtasts.acme.FailureReason;
import dev.mtasts.acme.RenewalDaemon;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME renewal loop of a running server: one {@link RenewalDaemon} for the configured domains,
 * replaced when a reload changes the set of domains.
 */
public final class CertificateRenewals implements AutoCloseable, ServerRuntime.ReloadListener {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewals.class);

    private final DomainCheck runner;
    private final Clock clock;
    private final RandomGenerator random;
    private List<String> domains = List.of();
    private RenewalDaemon daemon;

    /**
     * @param random orders the domains of each new loop: replicas of a cluster that start together then
     *     work through different domains instead of queueing for the same leases one after another
     */
    public CertificateRenewals(DomainCheck runner, Clock clock, RandomGenerator random) {
        this.runner = runner;
        this.clock = clock;
        this.random = random;
    }

    public synchronized void start(ServeConfig config) {
        List<String> wanted = config.sites().stream().map(SiteConfig::domain).sorted().toList();
        if (wanted.equals(domains) && daemon != null) {
            return;
        }
        if (daemon != null) {
            LOG.info("domains changed from {} to {}: restarting the renewal loop", domains, wanted);
            daemon.close();
        }
        domains = wanted;
        List<String> order = new ArrayList<>(wanted);
        Collections.shuffle(order, new Random(random.nextLong()));
        daemon = new RenewalDaemon(order, runner, clock);
        daemon.start();
    }

    @Override
    public void reloaded(ServeConfig config) {
        start(config);
    }

    @Override
    public synchronized void close() {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** The ACME life-cycle metrics, in the server's Prometheus registry. */
    public static AcmeMetrics metrics(ServerMetrics metrics) {
        return new AcmeMetrics() {
            @Override
            public void renewalSucceeded(String domain) {
                metrics.renewal(domain, "ok");
            }

            @Override
            public void renewalFailed(String domain, FailureReason reason) {
                metrics.renewal(domain, reason.label());
            }

            @Override
            public void nextRenewal(String domain, Instant at) {
                metrics.nextRenewal(domain, at);
            }

            @Override
            public void certificateExpiry(String domain, Instant notAfter) {
                metrics.certificateExpiry(domain, notAfter);
            }
        };
    }
}
