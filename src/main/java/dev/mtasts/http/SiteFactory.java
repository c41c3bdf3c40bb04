package dev.mtasts.http;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.tls.TlsContexts;
import javax.net.ssl.SSLException;

/** Prepares {@link Site}s: encodes the policy response and builds the TLS context, reusing what is unchanged. */
public final class SiteFactory {

    private final TlsContexts tls;
    private final ServerMetrics metrics;

    public SiteFactory(TlsContexts tls, ServerMetrics metrics) {
        this.tls = tls;
        this.metrics = metrics;
    }

    public Site create(SiteConfig config, CertifiedKey cert, Site previous) throws SSLException {
        boolean sameCert = previous != null && previous.certificate().leaf().equals(cert.leaf())
                && previous.certificate().key().equals(cert.key());
        var context = sameCert ? previous.sslContext() : tls.forSite(cert);
        boolean samePolicy = previous != null && previous.config().policy().equals(config.policy());
        StaticResponse response = samePolicy ? previous.policy() : Responses.policy(config.policy());
        return new Site(config, cert, context, response, metrics.requests(config.domain(), 200));
    }

    /** The same site presenting a new certificate. */
    public Site withCertificate(Site site, CertifiedKey cert) throws SSLException {
        return site.withCertificate(cert, tls.forSite(cert));
    }
}
