package dev.mtasts.cli;

import dev.mtasts.config.Defaults;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code [on_demand]} flags of {@code serve}: certificates for unknown names whose DNS qualifies. */
public final class OnDemandOptions {

    @Option(names = "--on-demand", description = "Serve an unknown mta-sts.DOMAIN once its DNS qualifies:"
            + " _mta-sts TXT, mta-sts.DOMAIN pointing at a --on-demand-target, every MX matching [defaults] mx (needs ACME).")
    Boolean enabled;

    @Option(names = "--on-demand-target", paramLabel = "NAME|ADDRESS",
            description = "A host name or IP address of this service that mta-sts.DOMAIN must point at (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--on-demand-ask", paramLabel = "URL",
            description = "Also ask GET URL?domain=DOMAIN&client=IP; only a 2xx answer approves.")
    String ask;

    @Option(names = "--on-demand-ask-timeout", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "How long the ask URL may take (default: " + Defaults.ON_DEMAND_ASK_TIMEOUT + ").")
    Long askTimeout;

    @Option(names = "--on-demand-negative-ttl", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "How long a refused name is refused at once (default: " + Defaults.ON_DEMAND_NEGATIVE_TTL + ").")
    Long negativeTtl;

    @Option(names = "--on-demand-domain-interval", paramLabel = "DURATION",
            converter = SiteOptions.DurationConverter.class,
            description = "At most one decision per domain in this long (default: " + Defaults.ON_DEMAND_DOMAIN_INTERVAL + ").")
    Long domainInterval;

    @Option(names = "--on-demand-rate", paramLabel = "N",
            description = "Decisions per second over all domains (default: " + Defaults.ON_DEMAND_RATE + "; 0 = no limit).")
    Integer rate;

    @Option(names = "--on-demand-burst", paramLabel = "N",
            description = "Decisions allowed at once above the rate (default: " + Defaults.ON_DEMAND_BURST + ").")
    Integer burst;

    @Option(names = "--on-demand-orders", paramLabel = "N", description = "Certificates ordered on demand per"
            + " window (default: " + Defaults.ON_DEMAND_ORDERS + "; 0 = no limit).")
    Integer orders;

    @Option(names = "--on-demand-orders-window", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "The window of the order budget (default: " + Defaults.ON_DEMAND_ORDERS_WINDOW + ").")
    Long ordersWindow;

    @Option(names = "--on-demand-wait", paramLabel = "DURATION", converter = SiteOptions.DurationConverter.class,
            description = "How long the first handshake of an approved domain waits for its certificate"
                    + " (default: " + Defaults.ON_DEMAND_WAIT + ").")
    Long waitSeconds;

    /** The flags given, as settings. */
    SettingValues addTo(SettingValues flags) {
        return flags.put(Setting.ON_DEMAND, enabled).put(Setting.ON_DEMAND_TARGETS, targets)
                .put(Setting.ON_DEMAND_ASK, ask).put(Setting.ON_DEMAND_ASK_TIMEOUT, askTimeout)
                .put(Setting.ON_DEMAND_NEGATIVE_TTL, negativeTtl).put(Setting.ON_DEMAND_DOMAIN_INTERVAL, domainInterval)
                .put(Setting.ON_DEMAND_RATE, rate).put(Setting.ON_DEMAND_BURST, burst)
                .put(Setting.ON_DEMAND_ORDERS, orders).put(Setting.ON_DEMAND_ORDERS_WINDOW, ordersWindow)
                .put(Setting.ON_DEMAND_WAIT, waitSeconds);
    }
}
