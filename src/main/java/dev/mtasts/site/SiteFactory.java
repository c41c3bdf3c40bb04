package dev.mtasts.site;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Policy;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.tls.TlsContexts;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Prepares {@link Site}s and {@link Sites} snapshots: encodes policy responses and builds the shared
 * TLS context, reusing what is unchanged.
 */
public final class SiteFactory {

    static final String CACHE_CONTROL = "Cache-Control: max-age=60";

    private final TlsContexts tls;
    private final ServerMetrics metrics;

    public SiteFactory(TlsContexts tls, ServerMetrics metrics) {
        this.tls = tls;
        this.metrics = metrics;
    }

    public Site create(SiteConfig config, CertifiedKey cert, Site previous) {
        boolean samePolicy = previous != null && previous.config().policy().equals(config.policy());
        StaticResponse response = samePolicy ? previous.policy() : encode(config.policy());
        return new Site(config, cert, response, metrics.requests(config.domain(), 200));
    }

    /** The 200 response carrying the canonical policy body, encoded once per policy. */
    static StaticResponse encode(Policy policy) {
        return StaticResponse.of(HttpResponseStatus.OK, StaticResponse.TEXT_PLAIN, policy.renderBytes(),
                List.of(CACHE_CONTROL));
    }

    /**
     * A snapshot of {@code sites}. The previous TLS context is kept when it already presents every
     * one of these certificates (hosts that were dropped are refused before TLS by the router);
     * otherwise one new context is built for all of them.
     */
    public Sites snapshot(List<Site> sites, Sites previous) throws SSLException {
        if (previous != null && sites.stream().allMatch(s -> s.sameCertificate(previous.forHost(s.host())))) {
            return new Sites(sites, previous.tlsContext());
        }
        Map<String, CertifiedKey> byHost = new HashMap<>();
        for (Site s : sites) {
            byHost.put(s.host(), s.certificate());
        }
        return new Sites(sites, tls.forSites(byHost));
    }

    /** {@code current} with {@code site} added, or replacing the site of its host. */
    public Sites withSite(Sites current, Site site) throws SSLException {
        return snapshot(current.with(site), current);
    }

    /** {@code current} without the site of {@code host} (its TLS context is kept: the router refuses the host). */
    public Sites withoutHost(Sites current, String host) {
        return new Sites(current.without(host), current.tlsContext());
    }

    /** {@code current} with one site presenting a new certificate. */
    public Sites withCertificate(Sites current, Site site, CertifiedKey cert) throws SSLException {
        return snapshot(current.with(site.withCertificate(cert)), current);
    }
}
