package dev.mtasts.site;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.response.StaticResponse;
import dev.mtasts.store.CertifiedKey;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.Objects;

/**
 * Everything needed to answer for one policy host, prepared once per load: its certificate, the
 * encoded policy response, and the metric it counts into. The TLS context that presents the
 * certificate is shared by all sites of a snapshot, see {@link Sites#tlsContext()}.
 */
public record Site(SiteConfig config, CertifiedKey certificate, StaticResponse policy, CounterDataPoint ok) {

    public Site {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(certificate, "certificate");
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
    public Site withCertificate(CertifiedKey newCertificate) {
        return new Site(config, newCertificate, policy, ok);
    }

    /** Whether both present the same key and leaf certificate. */
    public boolean sameCertificate(Site other) {
        return other != null && certificate.leaf().equals(other.certificate.leaf())
                && certificate.key().equals(other.certificate.key());
    }
}
