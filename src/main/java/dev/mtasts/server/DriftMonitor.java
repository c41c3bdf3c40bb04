package dev.mtasts.server;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when DNS and the served policies disagree: checks every domain periodically and after each
 * reload, logs a change of state once (WARN with the exact record to publish, INFO when it is fixed),
 * and exposes the latest result in metrics and on the admin status page.
 */
public final class DriftMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final DriftCheck check;
    private final ServerMetrics metrics;
    private final Map<String, DomainDrift> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-drift");
        t.setDaemon(true);
        return t;
    });

    public DriftMonitor(DriftCheck check, ServerMetrics metrics) {
        this.check = check;
        this.metrics = metrics;
    }

    /** Checks now and then every {@code interval}, always against the current configuration. */
    public void start(Supplier<ServeConfig> config, Duration interval) {
        executor.scheduleWithFixedDelay(() -> checkAll(config.get()), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Schedules a check soon (after a reload or a domain added at runtime) of the domains that are new or
     * serve another policy id; the others wait for the next periodic check.
     */
    public void checkSoon(ServeConfig config) {
        executor.execute(() -> checkChanged(config));
    }

    /** Checks the domains of {@code config} that were not checked yet or whose served policy id changed. */
    synchronized void checkChanged(ServeConfig config) {
        forgetRemoved(config);
        check(config.sites().stream().filter(site -> {
            DomainDrift last = latest.get(site.domain());
            return last == null || !last.servedId().equals(site.policy().id().value());
        }).toList());
    }

    /** Checks every domain, logs what changed, updates metrics. */
    public synchronized void checkAll(ServeConfig config) {
        forgetRemoved(config);
        check(config.sites());
    }

    private void forgetRemoved(ServeConfig config) {
        Set<String> served = config.sites().stream().map(SiteConfig::domain).collect(Collectors.toSet());
        latest.keySet().retainAll(served);
    }

    private void check(List<SiteConfig> sites) {
        for (SiteConfig site : sites) {
            try {
                record(check.run(site));
            } catch (RuntimeException e) {
                LOG.warn("DNS check of {} failed: {}", site.domain(), e.toString());
            }
        }
    }

    private void record(DomainDrift now) {
        DomainDrift before = latest.put(now.domain(), now);
        metrics.dnsDrift(now.domain(), now.idState().name().toLowerCase(java.util.Locale.ROOT), now.mxProblems());
        if (before != null && before.describe().equals(now.describe())) {
            return;
        }
        if (now.inSync()) {
            if (before != null) {
                LOG.info("DNS for {} is in sync again: _mta-sts id {} matches the served policy", now.domain(), now.servedId());
            }
            return;
        }
        LOG.warn("DNS drift for {}: {}", now.domain(), now.describe());
    }

    /** The latest result per domain. */
    public List<DomainDrift> latest() {
        return latest.values().stream().sorted(java.util.Comparator.comparing(DomainDrift::domain)).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
