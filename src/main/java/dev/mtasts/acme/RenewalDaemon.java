package dev.mtasts.acme;

import dev.mtasts.store.RenewalStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance loop inside {@code serve}: one thread, one check per due domain at a time (so at most
 * one order per domain), then it sleeps until the earliest next check, at most an hour. The first tick
 * runs at once: it orders missing certificates and announces the stored ones.
 */
public final class RenewalDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalDaemon.class);
    static final Duration MIN_SLEEP = Duration.ofSeconds(1);
    static final Duration MAX_SLEEP = Duration.ofHours(1);
    static final Duration AFTER_BUG = Duration.ofMinutes(1);

    private final DomainCheck runner;
    private final Clock clock;
    private final Map<String, Instant> due = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "acme-renewal");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param domains the mail domains to keep certificates for
     * @param runner the check of one domain, normally a {@link RenewalRunner}
     */
    public RenewalDaemon(List<String> domains, DomainCheck runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
        domains.forEach(d -> due.put(d, Instant.MIN));
    }

    public void start() {
        LOG.info("certificate renewal loop started for {}", due.keySet());
        scheduler.execute(this::tickAndReschedule);
    }

    /** Checks every due domain; returns how long to sleep. Runs on the loop's thread only. */
    Duration tick() throws InterruptedException {
        for (Map.Entry<String, Instant> entry : due.entrySet()) {
            if (!entry.getValue().isAfter(clock.instant())) {
                entry.setValue(checkOne(entry.getKey()));
            }
        }
        Instant earliest = due.values().stream().min(Instant::compareTo).orElse(clock.instant().plus(MAX_SLEEP));
        Duration sleep = Duration.between(clock.instant(), earliest);
        return sleep.compareTo(MIN_SLEEP) < 0 ? MIN_SLEEP : sleep.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : sleep;
    }

    private Instant checkOne(String domain) throws InterruptedException {
        try {
            RenewalStatus status = runner.check(domain, false);
            return status.nextCheck().orElse(clock.instant().plus(AFTER_BUG));
        } catch (RuntimeException e) {
            LOG.error("{}: renewal check failed unexpectedly; retrying in {}", domain, AFTER_BUG, e);
            return clock.instant().plus(AFTER_BUG);
        }
    }

    private void tickAndReschedule() {
        try {
            Duration sleep = tick();
            scheduler.schedule(this::tickAndReschedule, sleep.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("certificate renewal loop interrupted");
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("certificate renewal loop stopped");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
