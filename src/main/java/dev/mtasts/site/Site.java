package dev.mtasts.site;

import dev.mtasts.config.SiteConfig;
import dev.mtasts.response.StaticResponse;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.Objects;

/**
 * Everything needed to answer for one policy host, prepared once per load: the encoded policy response
 * (shared by every site with the same policy) and the metric it counts into. The certificate is read on
 * first use into the snapshot's certificate cache, see {@link Sites#certificates()}.
 */
public record Site(SiteConfig config, StaticResponse policy, CounterDataPoint ok) {

    public Site {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ok, "ok");
    }

    public String domain() {
        return config.domain();
    }

    public String host() {
        return config.policyHost();
    }
}
