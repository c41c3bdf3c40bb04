package dev.mtasts.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * On-demand certificates ({@code [on_demand]}): an unknown {@code mta-sts.DOMAIN} is served once its DNS
 * points at this service and its MX at the provider's (the template's mx patterns). See {@link Setting}.
 *
 * @param enabled whether unknown names start a decision at all
 * @param targets this service's host names and IP addresses
 * @param ask an http(s) URL asked last, if any
 * @param askTimeoutSeconds how long the ask URL may take
 * @param negativeTtlSeconds how long a refusal is remembered
 * @param domainIntervalSeconds at most one decision per domain in this long
 * @param ratePerSecond decisions per second over all domains; 0 = no limit
 * @param burst decisions allowed at once above the rate
 * @param orders certificates ordered on demand per window; 0 = no limit
 * @param ordersWindowSeconds the window of the order budget
 * @param waitSeconds how long the first handshake of an approved domain waits for its certificate
 */
public record OnDemandConfig(boolean enabled, List<String> targets, Optional<String> ask, long askTimeoutSeconds,
        long negativeTtlSeconds, long domainIntervalSeconds, int ratePerSecond, int burst, int orders,
        long ordersWindowSeconds, long waitSeconds) {

    /** Off, every other value at its default. */
    public static final OnDemandConfig OFF = new OnDemandConfig(false, List.of(), Optional.empty(),
            (Long) Setting.ON_DEMAND_ASK_TIMEOUT.defaultValue().orElseThrow(),
            (Long) Setting.ON_DEMAND_NEGATIVE_TTL.defaultValue().orElseThrow(),
            (Long) Setting.ON_DEMAND_DOMAIN_INTERVAL.defaultValue().orElseThrow(),
            (Integer) Setting.ON_DEMAND_RATE.defaultValue().orElseThrow(),
            (Integer) Setting.ON_DEMAND_BURST.defaultValue().orElseThrow(),
            (Integer) Setting.ON_DEMAND_ORDERS.defaultValue().orElseThrow(),
            (Long) Setting.ON_DEMAND_ORDERS_WINDOW.defaultValue().orElseThrow(),
            (Long) Setting.ON_DEMAND_WAIT.defaultValue().orElseThrow());

    public OnDemandConfig {
        targets = List.copyOf(targets);
        ask.ifPresent(OnDemandConfig::checkUrl);
        if (enabled && targets.isEmpty()) {
            throw new IllegalArgumentException("--on-demand needs the names and addresses of this service:"
                    + " on_demand.targets = [\"mta-sts.provider.example\", \"192.0.2.10\"] (or --on-demand-target)");
        }
        if (enabled && ratePerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("on_demand.burst must be at least 1 while on_demand.rate limits decisions");
        }
        if (enabled && orders > 0 && ordersWindowSeconds < 1) {
            throw new IllegalArgumentException("on_demand.orders_window must be at least 1 second");
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("on_demand.ask must be an http:// or https:// URL, not '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("on_demand.ask is not a URL: " + e.getMessage());
        }
    }
}
