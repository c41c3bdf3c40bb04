package dev.mtasts.server;

import dev.mtasts.check.SmtpProbe;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.SiteConfig;
import dev.mtasts.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside view on the drift check's interval: every served domain looked at as senders see it
 * ({@link OutsideCheck}), at most {@code concurrency} domains at a time (each domain's addresses one after the
 * other, so that many connections and DNS lookups in flight at most), each MX address once per round. Logs a
 * domain's change of state once (WARN with the fixes, INFO when it is as served again), warns as an MX
 * certificate crosses 60, 13 and 4 days left, and exposes the latest view in metrics and on {@code /status}.
 * A round starts only after the previous one ended.
 */
public final class OutsideMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutsideMonitor.class);

    private final OutsideCheck check;
    private final SmtpProbe probe;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final ExpiryWarnings expiry = new ExpiryWarnings();
    private final Map<String, OutsideView> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "outside-view"));
    private final ExecutorService workers;

    /** @param concurrency how many domains are looked at in parallel */
    public OutsideMonitor(OutsideCheck check, SmtpProbe probe, ServerMetrics metrics, Clock clock, int concurrency) {
        this.check = check;
        this.probe = probe;
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "outside-view-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Looks now and then every {@code interval} (after the previous round ended), at the current configuration. */
    public void start(Supplier<ServeConfig> config, Duration interval) {
        rounds.scheduleWithFixedDelay(() -> checkAll(config.get()), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After a reload: looks soon at the domains that are new or serve another policy id. */
    public void checkSoon(ServeConfig config) {
        rounds.execute(() -> checkChanged(config));
    }

    synchronized void checkChanged(ServeConfig config) {
        forgetRemoved(config);
        check(config.sites().stream().filter(site -> {
            OutsideView last = latest.get(site.domain());
            return last == null || !last.servedId().equals(site.policy().id().value());
        }).toList(), false);
    }

    /** Looks at every domain, logs what changed, updates metrics. */
    public synchronized void checkAll(ServeConfig config) {
        forgetRemoved(config);
        check(config.sites(), true);
    }

    private void forgetRemoved(ServeConfig config) {
        Set<String> served = config.sites().stream().map(SiteConfig::domain).collect(Collectors.toSet());
        latest.keySet().retainAll(served);
    }

    private void check(List<SiteConfig> sites, boolean everyDomain) {
        RoundProbes probes = new RoundProbes(probe);
        List<Callable<Void>> tasks = new ArrayList<>(sites.size());
        for (SiteConfig site : sites) {
            tasks.add(() -> {
                look(site, probes);
                return null;
            });
        }
        try {
            workers.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        warnOfExpiries(everyDomain);
    }

    private void look(SiteConfig site, RoundProbes probes) {
        try {
            record(check.run(site, probes));
        } catch (RuntimeException e) {
            LOG.warn("outside view of {} failed: {}", site.domain(), e.toString());
        }
    }

    private void record(OutsideView now) {
        OutsideView before = latest.put(now.domain(), now);
        metrics.outsideView(now.domain(), now.count(dev.mtasts.policy.Severity.WARNING),
                now.count(dev.mtasts.policy.Severity.CRITICAL), now.mxNotAfter());
        if (before != null && before.signature().equals(now.signature())) {
            return;
        }
        if (now.clean()) {
            if (before != null) {
                LOG.info("outside view of {}: as served again", now.domain());
            }
            return;
        }
        LOG.warn("outside view of {}: {}", now.domain(), now.describe());
    }

    /** One WARN per MX certificate crossing 60, 13 or 4 days left, naming the domains that use that MX. */
    private void warnOfExpiries(boolean everyDomain) {
        Map<String, Instant> notAfter = new TreeMap<>();
        Map<String, Set<String>> users = new TreeMap<>();
        for (OutsideView v : latest.values()) {
            v.mxNotAfter().forEach((mx, t) -> {
                notAfter.merge(mx, t, (a, b) -> a.isBefore(b) ? a : b);
                users.computeIfAbsent(mx, m -> new TreeSet<>()).add(v.domain());
            });
        }
        if (everyDomain) {
            expiry.retain(notAfter.keySet());
        }
        Instant now = clock.instant();
        notAfter.forEach((mx, t) -> {
            OptionalInt crossed = expiry.crossed(mx, t, now);
            if (crossed.isPresent()) {
                Set<String> domains = users.get(mx);
                LOG.warn("the STARTTLS certificate of MX {} (used by {}{}) expires within {} days, on {} ({} days"
                        + " left): renew it on the mail server", mx, domains.iterator().next(),
                        domains.size() > 1 ? " and " + (domains.size() - 1) + " other domain(s)" : "", crossed.getAsInt(),
                        LocalDate.ofInstant(t, ZoneOffset.UTC), Duration.between(now, t).toDays());
            }
        });
    }

    /** The latest view per domain. */
    public List<OutsideView> latest() {
        return latest.values().stream().sorted(Comparator.comparing(OutsideView::domain)).toList();
    }

    @Override
    public void close() {
        rounds.shutdownNow();
        workers.shutdownNow();
    }
}
