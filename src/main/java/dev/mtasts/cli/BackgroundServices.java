package dev.mtasts.cli;

import dev.mtasts.acme.CertificateIssuer;
import dev.mtasts.acme.CertificateListener;
import dev.mtasts.acme.RenewalRunner;
import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.config.ConfigChanges;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.check.CertificateCheck;
import dev.mtasts.check.HttpsPolicyFetcher;
import dev.mtasts.check.StartTlsProbe;
import dev.mtasts.check.TlsClient;
import dev.mtasts.dns.DnsLookups;
import dev.mtasts.dns.DnsjavaLookups;
import dev.mtasts.dns.LookupSessions;
import dev.mtasts.dns.ResolverAddress;
import dev.mtasts.dns.DnsUpdater;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.server.CertificateRenewals;
import dev.mtasts.server.DriftCheck;
import dev.mtasts.server.DriftMonitor;
import dev.mtasts.server.IdPublisher;
import dev.mtasts.server.OutsideCheck;
import dev.mtasts.server.OutsideMonitor;
import dev.mtasts.server.ServerRuntime;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.store.TrustAnchors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services that run beside the listeners: the DNS drift monitor, the outside view (on the drift check's
 * interval), the ACME renewal loop and the policy id publisher. A reload that changes an ACME, DNS or drift
 * setting rebuilds them from the new configuration; when the new ones cannot be built (an unreadable TSIG
 * key, a CA bundle that does not parse) the running ones stay and the failure is logged.
 */
final class BackgroundServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundServices.class);
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(5);
    /** The outside view: domains looked at in parallel, and the connect and read timeout of each connection. */
    static final int OUTSIDE_CONCURRENCY = 8;
    static final Duration OUTSIDE_TIMEOUT = Duration.ofSeconds(10);
    private static final int SMTP_PORT = 25;

    private final ServerRuntime runtime;
    private final StorageBackend store;
    private final ChallengeStore challenges;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final Tuning tuning;
    private volatile Running running = new Running(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            List.of());

    BackgroundServices(ServerRuntime runtime, StorageBackend store, ServerMetrics metrics, Clock clock, Tuning tuning) {
        this.runtime = runtime;
        this.store = store;
        this.challenges = store.challenges();
        this.metrics = metrics;
        this.clock = clock;
        this.tuning = tuning;
    }

    /** Starts the services {@code config} asks for; {@code issuer} is the ACME issuer when ACME is on. */
    synchronized void start(ServeConfig config, Optional<CertificateIssuer> issuer) throws IOException {
        Parts parts = new Parts(issuer, config.drift().publishId() ? AcmeOptions.dnsUpdater(config.dns()) : Optional.empty(),
                config.drift().intervalSeconds() == 0 ? Optional.empty() : Optional.of(lookups(config)));
        running = start(config, parts);
    }

    /** Applies a reload: rebuilds everything when an ACME, DNS or drift setting changed. */
    synchronized void apply(ServeConfig next, ConfigChanges changes) {
        if (!changes.appliesIn("acme") && !changes.appliesIn("dns") && !changes.appliesIn("drift")) {
            return;
        }
        Parts parts;
        try {
            Optional<CertificateIssuer> issuer = next.acme().enabled() && running.renewals().isPresent()
                    ? Optional.of(AcmeComponents.issuer(next, next.acme().challenges(), store, challenges,
                            CertificateRenewals.metrics(metrics), clock, tuning.backoffScale()))
                    : Optional.empty();
            parts = new Parts(issuer, next.drift().publishId() ? AcmeOptions.dnsUpdater(next.dns()) : Optional.empty(),
                    next.drift().intervalSeconds() == 0 ? Optional.empty() : Optional.of(lookups(next)));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot apply the new ACME/DNS/drift settings, the previous ones stay in use: {}", e.toString());
            return;
        }
        running.close(runtime);
        running = start(next, parts);
        LOG.info("ACME renewals, DNS updates and the drift check restarted with the new settings");
    }

    Optional<DriftMonitor> drift() {
        return running.drift();
    }

    Optional<OutsideMonitor> outside() {
        return running.outside();
    }

    @Override
    public synchronized void close() {
        running.close(runtime);
    }

    private Running start(ServeConfig config, Parts parts) {
        List<ServerRuntime.ReloadListener> listeners = new ArrayList<>();
        Duration interval = Duration.ofSeconds(config.drift().intervalSeconds());
        Optional<DriftMonitor> drift = parts.lookups().map(dns -> {
            DriftMonitor monitor = new DriftMonitor(new DriftCheck(dns), metrics);
            monitor.start(runtime::config, interval);
            listeners.add(monitor::checkSoon);
            return monitor;
        });
        Optional<OutsideMonitor> outside = parts.lookups().flatMap(this::outsideMonitor).map(monitor -> {
            monitor.start(runtime::config, interval);
            listeners.add(monitor::checkSoon);
            return monitor;
        });
        Optional<CertificateRenewals> renewals = parts.issuer().map(issuer -> {
            CertificateRenewals r = new CertificateRenewals(runner(issuer), clock, new java.security.SecureRandom());
            r.start(config);
            listeners.add(r);
            return r;
        });
        Optional<IdPublisher> publisher = parts.updater().map(IdPublisher::new);
        publisher.ifPresent(p -> {
            listeners.add(p);
            p.reloaded(config);
        });
        listeners.forEach(runtime::addListener);
        return new Running(drift, outside, renewals, publisher, List.copyOf(listeners));
    }

    private RenewalRunner runner(CertificateIssuer issuer) {
        CertificateListener install = runtime::installCertificate;
        return AcmeComponents.runner(issuer, store.certificates(), store.locker(), install,
                CertificateRenewals.metrics(metrics), clock, tuning);
    }

    private static DnsLookups lookups(ServeConfig config) throws IOException {
        Optional<ResolverAddress> resolver = config.dns().resolver().map(ResolverAddress::parse);
        return new DnsjavaLookups(LookupSessions.create(resolver, DNS_TIMEOUT), DNS_TIMEOUT.plusSeconds(1));
    }

    /**
     * What senders see, with the parts of {@code mta-sts check}: the JVM's trust store (as a sender trusts public
     * CAs, not this server's own configuration), the HTTPS fetcher and the STARTTLS probe.
     */
    private Optional<OutsideMonitor> outsideMonitor(DnsLookups dns) {
        TlsClient tls;
        try {
            tls = new TlsClient(TrustAnchors.load(List.of()));
        } catch (IOException | java.security.GeneralSecurityException e) {
            LOG.error("the outside view does not run: cannot read the JVM's trust store: {}", e.toString());
            return Optional.empty();
        }
        OutsideCheck check = new OutsideCheck(dns, new HttpsPolicyFetcher(tls, OUTSIDE_TIMEOUT), new CertificateCheck(clock));
        return Optional.of(new OutsideMonitor(check, new StartTlsProbe(tls, OUTSIDE_TIMEOUT, SMTP_PORT), metrics, clock,
                OUTSIDE_CONCURRENCY));
    }

    /** What a set of services is built from; building these is what can fail. */
    private record Parts(Optional<CertificateIssuer> issuer, Optional<DnsUpdater> updater,
            Optional<DnsLookups> lookups) {
    }

    /** The services running now and the reload listeners they registered. */
    private record Running(Optional<DriftMonitor> drift, Optional<OutsideMonitor> outside,
            Optional<CertificateRenewals> renewals, Optional<IdPublisher> publisher,
            List<ServerRuntime.ReloadListener> listeners) {

        void close(ServerRuntime runtime) {
            listeners.forEach(runtime::removeListener);
            renewals.ifPresent(CertificateRenewals::close);
            publisher.ifPresent(IdPublisher::close);
            drift.ifPresent(DriftMonitor::close);
            outside.ifPresent(OutsideMonitor::close);
        }
    }
}
