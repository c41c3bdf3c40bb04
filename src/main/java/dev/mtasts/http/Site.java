package dev.mtasts.http;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.store.CertifiedKey;
import io.netty.handler.ssl.SslContext;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.Objects;

/**
 * Everything needed to answer for one policy host, prepared once per load: the TLS context with its
 * certificate, the encoded policy response, and the metric it counts into.
 */
public record Site(SiteConfig config, CertifiedKey certificate, SslContext sslContext, StaticResponse policy,
        CounterDataPoint ok) {

    public Site {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ok, "ok");
    }

    public String domain() {
        return config.domain();
    }

    public String host() {
        return config.policyHost();
    }

    /** The same site with another certificate; the policy response is kept. */
    public Site withCertificate(CertifiedKey newCertificate, SslContext newContext) {
        return new Site(config, newCertificate, newContext, policy, ok);
    }
}
