package dev.mtasts.site;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import dev.mtasts.policy.Policy;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.tls.TlsContexts;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Prepares {@link Site}s and {@link Sites} snapshots: encodes each distinct policy once (100,000 domains
 * that follow the template share one response) and builds the one TLS context of a certificate cache.
 */
public final class SiteFactory {

    static final String CACHE_CONTROL = "Cache-Control: max-age=60";

    private final TlsContexts tls;
    private final ServerMetrics metrics;

    public SiteFactory(TlsContexts tls, ServerMetrics metrics) {
        this.tls = tls;
        this.metrics = metrics;
    }

    /** The sites of {@code configs}, reusing the responses of {@code previous} (may be null) for unchanged policies. */
    public List<Site> create(List<SiteConfig> configs, Sites previous) {
        Map<Policy, StaticResponse> responses = previous == null ? new HashMap<>() : previous.responses();
        List<Site> sites = new ArrayList<>(configs.size());
        Site last = null;
        for (SiteConfig c : configs) {
            last = last != null && last.config().policy() == c.policy() // the template's, shared: no hashing
                    ? new Site(c, last.policy(), metrics.requests(c.domain(), 200))
                    : create(c, responses);
            sites.add(last);
        }
        return sites;
    }

    /** One site, reusing a response of {@code current} (may be null) when its policy is served already. */
    public Site create(SiteConfig config, Sites current) {
        Site same = current == null ? null : current.forHost(config.policyHost());
        if (same != null && same.config().policy().equals(config.policy())) {
            return new Site(config, same.policy(), same.ok());
        }
        return create(config, current == null ? new HashMap<>() : current.responses());
    }

    private Site create(SiteConfig config, Map<Policy, StaticResponse> responses) {
        StaticResponse response = responses.computeIfAbsent(config.policy(), SiteFactory::encode);
        return new Site(config, response, metrics.requests(config.domain(), 200));
    }

    /** The 200 response carrying the canonical policy body, encoded once per policy. */
    static StaticResponse encode(Policy policy) {
        return StaticResponse.of(HttpResponseStatus.OK, StaticResponse.TEXT_PLAIN, policy.renderBytes(),
                List.of(CACHE_CONTROL));
    }

    /**
     * A snapshot of {@code sites} presenting the certificates of {@code certificates}. The TLS context of
     * {@code previous} is kept when it reads the same cache the same way: certificates are read at each
     * handshake, so a new one needs no new context. BoringSSL keeps its own form of each certificate only
     * while every host fits in the cache (see {@link TlsContexts#forHosts}); a reload that crosses that
     * line builds a new context.
     */
    public Sites snapshot(List<Site> sites, Sites previous, CertificateCache certificates) throws SSLException {
        boolean nativeKeys = sites.size() <= certificates.capacity();
        if (previous != null && previous.certificates() == certificates && previous.nativeKeys() == nativeKeys) {
            return new Sites(sites, previous.tlsContext(), certificates, nativeKeys);
        }
        SslContext context = tls.forHosts(certificates, nativeKeys ? certificates.capacity() : 0);
        return new Sites(sites, context, certificates, nativeKeys);
    }

    /** {@code current} with {@code site} added, or replacing the site of its host. */
    public Sites withSite(Sites current, Site site) {
        return new Sites(current.with(site), current.tlsContext(), current.certificates(), current.nativeKeys());
    }

    /** {@code current} without the site of {@code host} (the router refuses the host from now on). */
    public Sites withoutHost(Sites current, String host) {
        current.certificates().remove(host);
        return new Sites(current.without(host), current.tlsContext(), current.certificates(), current.nativeKeys());
    }
}
