package dev.mtasts.server;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.site.Site;
import dev.mtasts.site.SiteFactory;
import dev.mtasts.site.Sites;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.store.StoreException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a configuration and the certificate store into a ready {@link Sites} snapshot. Work from the
 * previous snapshot is reused: unchanged policies keep their encoded response, and a reload that
 * changes no certificate keeps the TLS context. Any unusable certificate fails the whole load, so the
 * caller keeps serving the previous snapshot.
 */
public final class SiteLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SiteLoader.class);
    private static final int PARALLEL_FROM = 64;

    private final CertificateStorage store;
    private final SelfSignedCertificates selfSigned;
    private final SiteFactory factory;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final MissingCertificates missing;

    public SiteLoader(CertificateStorage store, SelfSignedCertificates selfSigned, SiteFactory factory,
            ServerMetrics metrics, Clock clock, MissingCertificates missing) {
        this.store = store;
        this.selfSigned = selfSigned;
        this.factory = factory;
        this.metrics = metrics;
        this.clock = clock;
        this.missing = missing;
    }

    public Sites load(ServeConfig config, Sites previous) throws LoadException {
        List<Site> sites = loadAll(config.sites(), previous);
        Sites loaded;
        try {
            loaded = factory.snapshot(sites, previous);
        } catch (SSLException e) {
            throw new LoadException("cannot build the TLS context: " + e.getMessage(), e);
        }
        publishMetrics(loaded, previous);
        return loaded;
    }

    /**
     * {@code current} with {@code site} added or its policy replaced: its certificate is read from the store
     * (or the one served is kept, or a stand-in is made), the other sites are untouched.
     */
    public Sites withSite(Sites current, SiteConfig site) throws LoadException {
        Site old = current.forHost(site.policyHost());
        Site loaded = loadSite(site, old);
        Sites next;
        try {
            next = factory.withSite(current, loaded);
        } catch (SSLException e) {
            throw new LoadException("cannot build the TLS context: " + e.getMessage(), e);
        }
        metrics.certificate(loaded.domain(), loaded.certificate().notAfter(), loaded.certificate().isSelfSigned());
        metrics.domainCount(next.size());
        return next;
    }

    /** {@code current} without the site of {@code domain}. */
    public Sites withoutDomain(Sites current, String domain) {
        Sites next = factory.withoutHost(current, "mta-sts." + domain);
        metrics.forgetDomain(domain);
        metrics.domainCount(next.size());
        return next;
    }

    /**
     * Reads and checks every certificate, on all cores when there are many (10,000 domains spend most
     * of their start here); the first failure fails the load.
     */
    private List<Site> loadAll(List<SiteConfig> configs, Sites previous) throws LoadException {
        try {
            return (configs.size() >= PARALLEL_FROM ? configs.parallelStream() : configs.stream())
                    .map(site -> {
                        Site old = previous == null ? null : previous.forHost(site.policyHost());
                        try {
                            return loadSite(site, old);
                        } catch (LoadException e) {
                            throw new UncheckedLoad(e);
                        }
                    })
                    .toList();
        } catch (UncheckedLoad e) {
            throw e.cause;
        }
    }

    private static final class UncheckedLoad extends RuntimeException {
        private final LoadException cause;

        UncheckedLoad(LoadException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private Site loadSite(SiteConfig site, Site old) throws LoadException {
        return factory.create(site, certificate(site, old), old);
    }

    private CertifiedKey certificate(SiteConfig site, Site old) throws LoadException {
        String host = site.policyHost();
        Optional<CertifiedKey> stored;
        try {
            stored = store.load(site.domain());
        } catch (StoreException e) {
            throw new LoadException("certificate for " + host + ": " + e.getMessage(), e);
        }
        if (stored.isPresent()) {
            store.keyExposure(site.domain()).ifPresent(LOG::warn);
            if (!stored.get().coversName(host) && missing == MissingCertificates.SELF_SIGNED_IN_MEMORY) {
                LOG.warn("the certificate in {} is for {}, not {}: presenting a temporary self-signed one until ACME "
                        + "replaces it", store.location(site.domain()), stored.get().dnsNames(), host);
                return temporary(site, old);
            }
            return checked(host, stored.get());
        }
        return temporary(site, old);
    }

    /** A self-signed stand-in: the one already served for this host if any, else a new one. */
    private CertifiedKey temporary(SiteConfig site, Site old) throws LoadException {
        if (old != null && missing == MissingCertificates.SELF_SIGNED_IN_MEMORY && old.certificate().isSelfSigned()
                && old.certificate().coversName(site.policyHost())) {
            return old.certificate();
        }
        return createSelfSigned(site);
    }

    private CertifiedKey checked(String host, CertifiedKey cert) throws LoadException {
        if (!cert.coversName(host)) {
            throw new LoadException("the certificate in " + store.location(host.substring("mta-sts.".length()))
                    + " is for " + cert.dnsNames() + ", not " + host);
        }
        Instant now = clock.instant();
        if (cert.notAfter().isBefore(now)) {
            LOG.warn("certificate for {} EXPIRED at {}; senders reject it until it is replaced", host, cert.notAfter());
        } else if (cert.notAfter().isBefore(now.plus(Duration.ofDays(14)))) {
            LOG.warn("certificate for {} expires at {} (in {} days)", host, cert.notAfter(),
                    Duration.between(now, cert.notAfter()).toDays());
        }
        return cert;
    }

    private CertifiedKey createSelfSigned(SiteConfig site) throws LoadException {
        String host = site.policyHost();
        try {
            CertifiedKey cert = selfSigned.create(host);
            if (missing == MissingCertificates.SELF_SIGNED_ON_DISK) {
                store.save(site.domain(), cert);
                LOG.warn("*** {} has no certificate: created a SELF-SIGNED one in {}. MTA-STS senders REJECT it. "
                        + "Configure ACME (--acme-directory) or put fullchain.pem and privkey.pem there. ***",
                        host, store.location(site.domain()));
            } else {
                LOG.info("{} has no certificate yet; presenting a temporary self-signed one until ACME issues one", host);
            }
            return cert;
        } catch (GeneralSecurityException | StoreException e) {
            throw new LoadException("cannot create a self-signed certificate for " + host + ": " + e.getMessage(), e);
        }
    }

    private void publishMetrics(Sites loaded, Sites previous) {
        for (Site s : loaded.all()) {
            metrics.certificate(s.domain(), s.certificate().notAfter(), s.certificate().isSelfSigned());
        }
        if (previous != null) {
            for (Site s : previous.all()) {
                if (loaded.forHost(s.host()) == null) {
                    metrics.forgetDomain(s.domain());
                }
            }
        }
        metrics.domainCount(loaded.size());
    }
}
