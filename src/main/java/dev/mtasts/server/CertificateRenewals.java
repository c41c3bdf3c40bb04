package dev.mtasts.server;

import dev.mtasts.acme.AcmeMetrics;
import dev.mtasts.acme.DomainCheck;
import dev.mtasts.acme.FailureReason;
import dev.mtasts.acme.RenewalDaemon;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME renewal loop of a running server: one {@link RenewalDaemon} for the served domains, told
 * which domains a reload or a runtime change added and removed.
 */
public final class CertificateRenewals implements AutoCloseable, ServerRuntime.ReloadListener {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewals.class);

    private final DomainCheck runner;
    private final Clock clock;
    private final RandomGenerator random;
    private Set<String> domains = Set.of();
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

    /**
     * Keeps certificates for the domains of {@code config}: the first call starts the loop; later ones add
     * the new domains to it (checked at once) and remove the dropped ones, without rechecking the others.
     */
    public synchronized void start(ServeConfig config) {
        Set<String> wanted = new HashSet<>();
        config.sites().forEach(s -> wanted.add(s.domain()));
        if (daemon == null) {
            daemon = new RenewalDaemon(shuffled(wanted), runner, clock);
            daemon.start();
            domains = wanted;
            return;
        }
        List<String> added = shuffled(wanted.stream().filter(d -> !domains.contains(d)).toList());
        List<String> removed = domains.stream().filter(d -> !wanted.contains(d)).sorted().toList();
        added.forEach(daemon::add);
        removed.forEach(daemon::remove);
        if (!added.isEmpty() || !removed.isEmpty()) {
            LOG.info("renewal loop: {} domain(s) added{}, {} removed{}", added.size(), few(added), removed.size(),
                    few(removed));
        }
        domains = wanted;
    }

    private List<String> shuffled(Collection<String> domains) {
        List<String> order = new ArrayList<>(domains);
        Collections.sort(order);
        Collections.shuffle(order, new Random(random.nextLong()));
        return order;
    }

    private static String few(List<String> domains) {
        return domains.isEmpty() || domains.size() > 10 ? "" : " " + domains;
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

            @Override
            public void issuerOrder(String issuer, String result) {
                metrics.issuerOrder(issuer, result);
            }

            @Override
            public void issuerSkipped(String issuer, dev.mtasts.acme.IssuerAdmission.Reason reason) {
                metrics.issuerSkipped(issuer, reason.label());
            }

            @Override
            public void issuerState(String issuer, boolean breakerOpen, int ordersLeft) {
                metrics.issuerState(issuer, breakerOpen, ordersLeft);
            }
        };
    }
}
