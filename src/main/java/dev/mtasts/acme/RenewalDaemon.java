package dev.mtasts.acme;

import dev.mtasts.store.RenewalStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance loop inside {@code serve}: one thread, one check per due domain at a time (so at most
 * one order per domain), then it sleeps until the earliest next check, at most an hour. The domains wait
 * in a queue ordered by their next check, so a tick touches only the due ones, also among 100,000. The
 * first tick runs at once: it orders missing certificates and announces the stored ones. Domains are
 * added (checked at once) and removed while it runs; every change of its state happens on its thread.
 */
public final class RenewalDaemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalDaemon.class);
    static final Duration MIN_SLEEP = Duration.ofSeconds(1);
    static final Duration MAX_SLEEP = Duration.ofHours(1);
    static final Duration AFTER_BUG = Duration.ofMinutes(1);
    /** Checks per turn of the loop before added and removed domains are taken in. */
    static final int CHECKS_PER_TURN = 64;

    /** One place in the queue; {@code turn} keeps equal times in the order they were queued. */
    private record Due(Instant at, long turn, String domain) {
    }

    private final DomainCheck runner;
    private final Clock clock;
    private final PriorityQueue<Due> queue = new PriorityQueue<>(
            Comparator.comparing(Due::at).thenComparingLong(Due::turn));
    private final Map<String, Long> live = new HashMap<>(); // domain -> turn of its current place; others are stale
    private long turns;
    private boolean started;
    private ScheduledFuture<?> next;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "acme-renewal");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param domains the mail domains to keep certificates for, checked first in this order
     * @param runner the check of one domain, normally a {@link RenewalRunner}
     */
    public RenewalDaemon(List<String> domains, DomainCheck runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
        domains.forEach(d -> schedule(d, Instant.MIN));
    }

    public void start() {
        LOG.info("certificate renewal loop started for {} domain(s)", live.size());
        scheduler.execute(() -> {
            started = true;
            tickAndReschedule();
        });
    }

    /** Adds {@code domain}, checked at once (a domain already here is checked at once too). */
    public void add(String domain) {
        onLoop(() -> {
            schedule(domain, Instant.MIN);
            wake();
        });
    }

    /** Stops checking {@code domain}. */
    public void remove(String domain) {
        onLoop(() -> live.remove(domain));
    }

    /** Queues {@code domain} for a check at {@code at}, replacing its place if it had one. */
    void schedule(String domain, Instant at) {
        long turn = turns++;
        live.put(domain, turn);
        queue.add(new Due(at, turn, domain));
    }

    /** Forgets {@code domain} at once (loop thread or tests). */
    void forget(String domain) {
        live.remove(domain);
    }

    /** Checks every due domain; returns how long to sleep. Runs on the loop's thread only. */
    Duration tick() throws InterruptedException {
        return tick(Integer.MAX_VALUE);
    }

    /**
     * Checks the domains due now, each once, at most {@code max} of them; returns how long to sleep (zero
     * when more were due).
     */
    Duration tick(int max) throws InterruptedException {
        Instant now = clock.instant();
        List<Due> due = new ArrayList<>();
        for (Due head = firstLive(); head != null && !head.at().isAfter(now) && due.size() < max; head = firstLive()) {
            due.add(queue.poll());
        }
        for (Due d : due) {
            schedule(d.domain(), checkOne(d.domain()));
        }
        Due head = firstLive();
        return due.size() == max && head != null && !head.at().isAfter(now) ? Duration.ZERO : sleepUntil(head);
    }

    private Due firstLive() {
        Due head = queue.peek();
        while (head != null && !Long.valueOf(head.turn()).equals(live.get(head.domain()))) {
            queue.poll(); // removed, or queued again since
            head = queue.peek();
        }
        return head;
    }

    private Duration sleepUntil(Due head) {
        Instant earliest = head == null ? clock.instant().plus(MAX_SLEEP) : head.at();
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

    private void onLoop(Runnable change) {
        try {
            scheduler.execute(change);
        } catch (RejectedExecutionException e) {
            LOG.debug("certificate renewal loop stopped; change ignored");
        }
    }

    /** Runs the next tick now instead of at its time (after a domain was added). */
    private void wake() {
        if (started && next != null && next.cancel(false)) {
            next = null;
            scheduler.execute(this::tickAndReschedule);
        }
    }

    private void tickAndReschedule() {
        try {
            Duration sleep = tick(CHECKS_PER_TURN);
            if (sleep.isZero()) {
                next = null;
                scheduler.execute(this::tickAndReschedule); // after the adds and removes waiting meanwhile
            } else {
                next = scheduler.schedule(this::tickAndReschedule, sleep.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("certificate renewal loop interrupted");
        } catch (RejectedExecutionException e) {
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
