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
import dev.mtasts.site.CertificateCache;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a configuration and the certificate store into a ready {@link Sites} snapshot. Work from the
 * previous snapshot is reused: unchanged policies keep their encoded response, and every snapshot reads
 * its certificates through one {@link CertificateCache} of this loader, so the TLS context is built once.
 * When every host fits in the cache, all certificates are read at each load and any unusable one fails
 * the whole load (the caller keeps serving the previous snapshot); above that, each is read on first use,
 * and an unusable one fails the handshakes of its own host only.
 */
public final class SiteLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SiteLoader.class);
    private static final int PARALLEL_FROM = 64;
    private static final String HOST_PREFIX = "mta-sts.";

    private final CertificateStorage store;
    private final SelfSignedCertificates selfSigned;
    private final SiteFactory factory;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final MissingCertificates missing;
    private final CertificateCache certificates;

    /** @param cacheSize how many certificates are kept in memory at most ({@code [limits] certificate_cache}) */
    public SiteLoader(CertificateStorage store, SelfSignedCertificates selfSigned, SiteFactory factory,
            ServerMetrics metrics, Clock clock, MissingCertificates missing, int cacheSize) {
        this.store = store;
        this.selfSigned = selfSigned;
        this.factory = factory;
        this.metrics = metrics;
        this.clock = clock;
        this.missing = missing;
        this.certificates = new CertificateCache(cacheSize, this::read, new CertificateCache.Listener() {
            @Override
            public void loaded(String host, CertifiedKey key) {
                metrics.certificate(domainOf(host), key.notAfter(), key.isSelfSigned());
            }

            @Override
            public void failed(String host, Exception problem) {
                LOG.warn("{}: the certificate cannot be served, handshakes for it fail: {}", host, problem.getMessage());
            }
        });
    }

    public Sites load(ServeConfig config, Sites previous) throws LoadException {
        List<Site> sites = factory.create(config.sites(), previous);
        if (sites.size() <= certificates.capacity()) {
            readAll(sites).forEach(certificates::put);
        } else {
            certificates.clear(); // read again from the store on first use
        }
        Sites loaded;
        try {
            loaded = factory.snapshot(sites, previous, certificates);
        } catch (SSLException e) {
            throw new LoadException("cannot build the TLS context: " + e.getMessage(), e);
        }
        forgetDropped(loaded, previous);
        metrics.domainCount(loaded.size());
        return loaded;
    }

    /**
     * {@code current} with {@code site} added or its policy replaced: its certificate is read from the store
     * (or the one served is kept, or a stand-in is made), the other sites are untouched.
     */
    public Sites withSite(Sites current, SiteConfig site) throws LoadException {
        CertifiedKey cert = readChecked(site.policyHost());
        Sites next = factory.withSite(current, factory.create(site, current));
        certificates.put(site.policyHost(), cert);
        metrics.domainCount(next.size());
        return next;
    }

    /** {@code current} without the site of {@code domain}. */
    public Sites withoutDomain(Sites current, String domain) {
        Sites next = factory.withoutHost(current, HOST_PREFIX + domain);
        metrics.forgetDomain(domain);
        metrics.domainCount(next.size());
        return next;
    }

    /** Reads every host's certificate, on all cores when there are many; the first failure fails the load. */
    private Map<String, CertifiedKey> readAll(List<Site> sites) throws LoadException {
        try {
            return (sites.size() >= PARALLEL_FROM ? sites.parallelStream() : sites.stream())
                    .collect(Collectors.toConcurrentMap(Site::host, s -> {
                        try {
                            return readChecked(s.host());
                        } catch (LoadException e) {
                            throw new UncheckedLoad(e);
                        }
                    }));
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

    private CertifiedKey readChecked(String host) throws LoadException {
        try {
            return certificates.readNow(host);
        } catch (LoadException e) {
            throw e;
        } catch (Exception e) {
            throw new LoadException("certificate for " + host + ": " + e.getMessage(), e);
        }
    }

    private static String domainOf(String host) {
        return host.substring(HOST_PREFIX.length());
    }

    /** The certificate of {@code host} from the store, or a stand-in ({@code old}: the one served before, or null). */
    private CertifiedKey read(String host, CertifiedKey old) throws LoadException {
        String domain = domainOf(host);
        Optional<CertifiedKey> stored;
        try {
            stored = store.load(domain);
        } catch (StoreException e) {
            throw new LoadException("certificate for " + host + ": " + e.getMessage(), e);
        }
        if (stored.isPresent()) {
            store.keyExposure(domain).ifPresent(LOG::warn);
            if (!stored.get().coversName(host) && missing == MissingCertificates.SELF_SIGNED_IN_MEMORY) {
                LOG.warn("the certificate in {} is for {}, not {}: presenting a temporary self-signed one until ACME "
                        + "replaces it", store.location(domain), stored.get().dnsNames(), host);
                return temporary(host, old);
            }
            return checked(host, stored.get());
        }
        return temporary(host, old);
    }

    /** A self-signed stand-in: the one already served for this host if any, else a new one. */
    private CertifiedKey temporary(String host, CertifiedKey old) throws LoadException {
        if (old != null && missing == MissingCertificates.SELF_SIGNED_IN_MEMORY && old.isSelfSigned()
                && old.coversName(host)) {
            return old;
        }
        return createSelfSigned(host);
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

    private CertifiedKey createSelfSigned(String host) throws LoadException {
        String domain = domainOf(host);
        try {
            CertifiedKey cert = selfSigned.create(host);
            if (missing == MissingCertificates.SELF_SIGNED_ON_DISK) {
                store.save(domain, cert);
                LOG.warn("*** {} has no certificate: created a SELF-SIGNED one in {}. MTA-STS senders REJECT it. "
                        + "Configure ACME (--acme-directory) or put fullchain.pem and privkey.pem there. ***",
                        host, store.location(domain));
            } else {
                LOG.info("{} has no certificate yet; presenting a temporary self-signed one until ACME issues one", host);
            }
            return cert;
        } catch (GeneralSecurityException | StoreException e) {
            throw new LoadException("cannot create a self-signed certificate for " + host + ": " + e.getMessage(), e);
        }
    }

    private void forgetDropped(Sites loaded, Sites previous) {
        if (previous == null) {
            return;
        }
        for (Site s : previous.all()) {
            if (loaded.forHost(s.host()) == null) {
                certificates.remove(s.host());
                metrics.forgetDomain(s.domain());
            }
        }
    }
}
