package dev.mtasts.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The server's Prometheus metrics, in a registry of its own (no global default registry). Hot paths
 * keep the {@link CounterDataPoint} they need instead of looking labels up per request. Per-domain
 * series are bounded ({@link DomainLabels}): the first {@value #DOMAIN_SERIES} domains have their own,
 * later ones count under {@code domain="_other"} and have no per-domain gauges.
 */
public final class ServerMetrics {

    /** The domain label for requests whose Host is not a configured policy host. */
    public static final String UNKNOWN_DOMAIN = "-";
    /** How many domains get series of their own by default. */
    public static final int DOMAIN_SERIES = 1000;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = counter("mtasts_http_requests_total")
            .help("HTTPS requests by policy domain and response status").labelNames("domain", "status").register(registry);
    private final Counter plainRequests = counter("mtasts_http_plain_requests_total")
            .help("Plain HTTP (port 80) requests by outcome").labelNames("outcome").register(registry);
    private final Counter handshakes = counter("mtasts_tls_handshakes_total")
            .help("TLS handshakes by result (ok, failed, no_sni, unknown_sni, not_tls)").labelNames("result").register(registry);
    private final Counter refusedConnections = counter("mtasts_connections_refused_total")
            .help("Connections closed at once because a connection cap was reached").labelNames("listener")
            .register(registry);
    private final Gauge notAfter = gauge("mtasts_certificate_not_after_seconds")
            .help("Expiry (Unix time) of the certificate served for each policy domain").labelNames("domain").register(registry);
    private final Gauge selfSigned = gauge("mtasts_certificate_self_signed")
            .help("1 when the certificate served for a domain is self-signed (senders reject it)").labelNames("domain").register(registry);
    private final Counter reloads = counter("mtasts_config_reloads_total")
            .help("Configuration reloads by result (ok, failed)").labelNames("result").register(registry);
    private final Gauge dnsIdState = gauge("mtasts_dns_policy_id")
            .help("1 for the state of the _mta-sts TXT id against the served policy id (match, mismatch, missing, unknown)")
            .labelNames("domain", "state").register(registry);
    private final Gauge dnsMxProblems = gauge("mtasts_dns_mx_problems")
            .help("MX records not covered by the served policy, plus stale mx patterns").labelNames("domain")
            .register(registry);
    private final Gauge mxNotAfter = gauge("mtasts_mx_certificate_not_after_seconds")
            .help("Expiry (Unix time) of the STARTTLS certificate of each MX of a domain, as the outside view saw it"
                    + " (the earliest over the MX's addresses)").labelNames("domain", "mx").register(registry);
    private final Gauge outsideFindings = gauge("mtasts_outside_findings")
            .help("Problems senders see from outside (policy host on its public addresses, MX STARTTLS) by severity"
                    + " (warning, critical); the fixes are on /status").labelNames("domain", "severity").register(registry);
    private final Counter renewals = counter("mtasts_acme_renewals_total")
            .help("ACME renewal attempts by domain and result (ok, or the failure reason)")
            .labelNames("domain", "result").register(registry);
    private final Gauge nextRenewal = gauge("mtasts_acme_next_renewal_seconds")
            .help("When the renewal loop next acts on a domain (Unix time)").labelNames("domain").register(registry);
    private final Counter issuerOrders = counter("mtasts_acme_issuer_orders_total")
            .help("Orders sent to each ACME issuer by result: issued, or the kind of failure (rate_limited,"
                    + " issuer_unavailable, issuer_refused, domain, local)")
            .labelNames("issuer", "result").register(registry);
    private final Counter issuerSkips = counter("mtasts_acme_issuer_skips_total")
            .help("Orders that passed an issuer over, by reason (rate_limited, unavailable: breaker open,"
                    + " validation_budget, order_budget: the order waited or went to the next issuer)")
            .labelNames("issuer", "reason").register(registry);
    private final Gauge issuerBreaker = gauge("mtasts_acme_issuer_breaker_open")
            .help("1 while an issuer's circuit breaker is open (the CA is unavailable), else 0")
            .labelNames("issuer").register(registry);
    private final Gauge issuerOrdersLeft = gauge("mtasts_acme_issuer_orders_left")
            .help("New orders left in an issuer's budget window").labelNames("issuer").register(registry);
    private final Gauge domains = gauge("mtasts_domains")
            .help("Number of policy domains served").register(registry);
    private final Counter onDemandDecisions = counter("mtasts_ondemand_decisions")
            .help("On-demand decisions for unknown mta-sts names by result (approved, refused_txt, refused_target,"
                    + " refused_mx, refused_ask, refused_rate, refused_budget, cached_refusal)")
            .labelNames("result").register(registry);
    private final Counter tlsrptSessions = counter("mtasts_tlsrpt_sessions_total")
            .help("Sessions reported by TLS-RPT senders (RFC 8460), by policy domain and result (success, failure)")
            .labelNames("domain", "result").register(registry);
    private final Counter tlsrptFailures = counter("mtasts_tlsrpt_failures_total")
            .help("Failed sessions reported by TLS-RPT senders, by policy domain and result type")
            .labelNames("domain", "result_type").register(registry);
    private final Counter tlsrptReports = counter("mtasts_tlsrpt_reports_total")
            .help("TLS-RPT reports received (over HTTPS or imported from mail), by policy domain and sender")
            .labelNames("domain", "organization").register(registry);
    private final Gauge tlsrptLast = gauge("mtasts_tlsrpt_last_report_timestamp_seconds")
            .help("When the latest TLS-RPT report about a domain was received (Unix time)").labelNames("domain")
            .register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final DomainLabels labels;
    private final CertificateExpiries expiries = new CertificateExpiries();
    private final Map<Integer, CounterDataPoint> otherRequests = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> mxSeries = new ConcurrentHashMap<>();

    public ServerMetrics() {
        this(DOMAIN_SERIES);
    }

    /** @param domainSeries how many domains get series of their own */
    public ServerMetrics(int domainSeries) {
        this.labels = new DomainLabels(domainSeries);
        GaugeWithCallback.builder().name("mtasts_certificate_earliest_not_after_seconds")
                .help("The earliest expiry (Unix time) over every domain's certificate known to this process: one"
                        + " alert for any number of domains")
                .callback(cb -> expiries.earliest().ifPresent(t -> cb.call(t))).register(registry);
        GaugeWithCallback.builder().name("mtasts_certificates_self_signed")
                .help("Domains presenting a self-signed certificate (senders reject it)")
                .callback(cb -> cb.call(expiries.selfSigned())).register(registry);
    }

    /** Exemplars are off for every metric: they cost memory per label set (one per domain) and work on every update. */
    private static Counter.Builder counter(String name) {
        return Counter.builder().withoutExemplars().name(name);
    }

    private static Gauge.Builder gauge(String name) {
        return Gauge.builder().withoutExemplars().name(name);
    }

    /**
     * {@code mtasts_storage_up}: 1 while the certificate store answers (always, for the file store), 0 while a
     * shared database is unreachable; and {@code mtasts_storage_calls_total}, the requests made to it. Read at
     * each scrape. Call once.
     */
    public void storage(BooleanSupplier up, LongSupplier calls) {
        GaugeWithCallback.builder().name("mtasts_storage_up")
                .help("1 while the certificate store answers, 0 while a shared database is unreachable")
                .callback(cb -> cb.call(up.getAsBoolean() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("mtasts_storage_calls")
                .help("Requests made to a shared store (0 for the file store); flat under policy load")
                .callback(cb -> cb.call(calls.getAsLong())).register(registry);
    }

    /**
     * {@code mtasts_cluster_replicas{served}}: the live replicas of a cluster (this one included) serving the
     * same domains and policies as this one ({@code same}) or not ({@code different}); read at each scrape
     * from {@code agreement}, one boolean per live replica. Call once.
     */
    public void replicas(java.util.function.Supplier<java.util.List<Boolean>> agreement) {
        GaugeWithCallback.builder().name("mtasts_cluster_replicas")
                .help("Live replicas of the cluster by whether they serve the same domains and policies as this one")
                .labelNames("served").callback(cb -> {
                    java.util.List<Boolean> same = agreement.get();
                    long agreeing = same.stream().filter(Boolean::booleanValue).count();
                    cb.call(agreeing, "same");
                    cb.call(same.size() - agreeing, "different");
                }).register(registry);
    }

    /** The counter of one on-demand decision result (a closed set of labels). */
    public CounterDataPoint onDemandDecisions(String result) {
        return onDemandDecisions.labelValues(result);
    }

    /**
     * {@code mtasts_ondemand_budget_remaining} (certificates that may still be ordered on demand in the current
     * window; +Inf without a budget) and {@code mtasts_ondemand_refusals_cached}, read at each scrape. Call once.
     */
    public void onDemand(java.util.function.DoubleSupplier budgetRemaining, LongSupplier refusalsCached) {
        GaugeWithCallback.builder().name("mtasts_ondemand_budget_remaining")
                .help("Certificates that may still be ordered on demand in the current budget window")
                .callback(cb -> cb.call(budgetRemaining.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("mtasts_ondemand_refusals_cached")
                .help("Names refused on demand and remembered for on_demand.negative_ttl")
                .callback(cb -> cb.call(refusalsCached.getAsLong())).register(registry);
    }

    /** {@code mtasts_certificates_cached}: the certificates held in memory, read at each scrape. Call once. */
    public void certificatesCached(java.util.function.IntSupplier size) {
        GaugeWithCallback.builder().name("mtasts_certificates_cached")
                .help("Certificates held in memory (the most recently used; the others are read on first use)")
                .callback(cb -> cb.call(size.getAsInt())).register(registry);
    }

    /**
     * One TLS-RPT report's counts for one of its policy domains, added to the {@code mtasts_tlsrpt_*} series
     * (sessions summed over the report's policies for that domain; failures by result type).
     */
    public void tlsrptReport(String domain, String organization, long successes, long failures,
            Map<String, Long> failuresByType, Instant received) {
        String label = labels.label(domain);
        tlsrptSessions.labelValues(label, "success").inc(successes);
        tlsrptSessions.labelValues(label, "failure").inc(failures);
        failuresByType.forEach((type, n) -> tlsrptFailures.labelValues(label, type).inc(n));
        tlsrptReports.labelValues(label, organization).inc();
        if (!label.equals(DomainLabels.OTHER)) {
            double seen = tlsrptLast.labelValues(label).get();
            tlsrptLast.labelValues(label).set(Math.max(seen, received.getEpochSecond()));
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public CounterDataPoint requests(String domain, int status) {
        if (UNKNOWN_DOMAIN.equals(domain) || labels.admit(domain)) {
            return requests.labelValues(domain, Integer.toString(status));
        }
        return otherRequests.computeIfAbsent(status, s -> requests.labelValues(DomainLabels.OTHER, Integer.toString(s)));
    }

    public CounterDataPoint plainRequests(String outcome) {
        return plainRequests.labelValues(outcome);
    }

    public CounterDataPoint handshakes(String result) {
        return handshakes.labelValues(result);
    }

    public CounterDataPoint refusedConnections(String listener) {
        return refusedConnections.labelValues(listener);
    }

    public void certificate(String domain, Instant expiry, boolean isSelfSigned) {
        expiries.seen(domain, expiry, isSelfSigned);
        if (!labels.admit(domain)) {
            return;
        }
        notAfter.labelValues(domain).set(expiry.getEpochSecond());
        selfSigned.labelValues(domain).set(isSelfSigned ? 1 : 0);
    }

    public void renewal(String domain, String result) {
        renewals.labelValues(labels.label(domain), result).inc();
    }

    /** An order to {@code issuer} ended with {@code result}. */
    public void issuerOrder(String issuer, String result) {
        issuerOrders.labelValues(issuer, result).inc();
    }

    /** {@code issuer} was passed over for {@code reason}. */
    public void issuerSkipped(String issuer, String reason) {
        issuerSkips.labelValues(issuer, reason).inc();
    }

    /** The shared state of {@code issuer} as last seen. */
    public void issuerState(String issuer, boolean breakerOpen, int ordersLeft) {
        issuerBreaker.labelValues(issuer).set(breakerOpen ? 1 : 0);
        issuerOrdersLeft.labelValues(issuer).set(ordersLeft);
    }

    public void nextRenewal(String domain, Instant at) {
        if (!labels.admit(domain)) {
            return;
        }
        nextRenewal.labelValues(domain).set(at.getEpochSecond());
    }

    public void certificateExpiry(String domain, Instant expiry) {
        expiries.expiry(domain, expiry);
        if (!labels.admit(domain)) {
            return;
        }
        notAfter.labelValues(domain).set(expiry.getEpochSecond());
    }

    public void forgetDomain(String domain) {
        expiries.forget(domain);
        nextRenewal.remove(domain);
        notAfter.remove(domain);
        selfSigned.remove(domain);
        dnsMxProblems.remove(domain);
        for (String state : DNS_ID_STATES) {
            dnsIdState.remove(domain, state);
        }
        outsideFindings.remove(domain, "warning");
        outsideFindings.remove(domain, "critical");
        java.util.Set<String> mxs = mxSeries.remove(domain);
        if (mxs != null) {
            mxs.forEach(mx -> mxNotAfter.remove(domain, mx));
        }
    }

    /**
     * The latest outside view of a domain: its problems by severity and the expiry of each MX's certificate;
     * the series of an MX no longer seen are removed.
     */
    public void outsideView(String domain, long warnings, long criticals, Map<String, Instant> mxExpiry) {
        if (!labels.admit(domain)) {
            return;
        }
        outsideFindings.labelValues(domain, "warning").set(warnings);
        outsideFindings.labelValues(domain, "critical").set(criticals);
        java.util.Set<String> now = java.util.Set.copyOf(mxExpiry.keySet());
        java.util.Set<String> before = mxSeries.put(domain, now);
        if (before != null) {
            before.stream().filter(mx -> !now.contains(mx)).forEach(mx -> mxNotAfter.remove(domain, mx));
        }
        mxExpiry.forEach((mx, t) -> mxNotAfter.labelValues(domain, mx).set(t.getEpochSecond()));
    }

    private static final String[] DNS_ID_STATES = {"match", "mismatch", "missing", "unknown"};

    /** The latest DNS comparison of a domain: one state set to 1, the others 0. */
    public void dnsDrift(String domain, String idState, long mxProblems) {
        if (!labels.admit(domain)) {
            return;
        }
        for (String state : DNS_ID_STATES) {
            dnsIdState.labelValues(domain, state).set(state.equals(idState) ? 1 : 0);
        }
        dnsMxProblems.labelValues(domain).set(mxProblems);
    }

    public void reload(boolean ok) {
        reloads.labelValues(ok ? "ok" : "failed").inc();
    }

    public void domainCount(int count) {
        domains.set(count);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** The text exposition of every metric. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("writing metrics to memory failed", e);
        }
        return out.toByteArray();
    }
}
