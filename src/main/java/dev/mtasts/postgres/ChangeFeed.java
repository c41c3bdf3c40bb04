package dev.mtasts.postgres;

import dev.mtasts.backend.CertificateChangeListener;
import dev.mtasts.backend.DomainChangeListener;
import dev.mtasts.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a replica learns what the others changed: one daemon thread that wakes on a notification or every
 * poll interval, whichever comes first, and then tells the {@link CertificateChangeListener} which domains
 * have a changed certificate, reloads the challenge answers, and records in {@code nodes} how far it got.
 * The poll catches what no notification announced (a dropped connection, PgBouncer in transaction mode).
 * The first poll after {@link #watch} reports every domain: the listener compares what it serves. While
 * the database is unreachable it says so once, keeps polling, and resumes by itself.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final CertificateChanges certificates;
    private final DomainChanges domains;
    private final PgChallengeStore challenges;
    private final Replicas replicas;
    private final ChangeNotifications notifications;
    private final Duration pollInterval;
    private final String version;
    private final Instant startedAt;
    private final Thread thread;
    private final AtomicBoolean reportAll = new AtomicBoolean(true);
    private volatile CertificateChangeListener listener = domain -> { };
    private volatile DomainChangeListener domainListener = (domain, now) -> { };
    private final AtomicBoolean reportAllDomains = new AtomicBoolean(true);
    private volatile boolean running;
    private volatile String served = "";
    private boolean outage;
    private long seen;

    /**
     * @param version this replica's software version, recorded in {@code nodes}
     */
    ChangeFeed(Database db, PgChallengeStore challenges, String node, String version, Duration pollInterval,
            Clock clock) {
        this(db, db::openDirect, challenges, node, version, pollInterval, clock);
    }

    /** With {@code listen} opening the notification connection (a test may hand one that never listens). */
    ChangeFeed(Database db, ChangeNotifications.Opener listen, PgChallengeStore challenges, String node,
            String version, Duration pollInterval, Clock clock) {
        this.certificates = new CertificateChanges(db);
        this.domains = new DomainChanges(db);
        this.challenges = challenges;
        this.replicas = new Replicas(db, node, pollInterval);
        this.notifications = new ChangeNotifications(listen, clock);
        this.pollInterval = pollInterval;
        this.version = version;
        this.startedAt = clock.instant();
        this.thread = new Thread(this::run, "postgres-change-feed");
        thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** From the next poll on, tells {@code changed} about certificates that changed, starting with every domain. */
    public void watch(CertificateChangeListener changed) {
        listener = changed;
        reportAll.set(true);
    }

    /** From the next poll on, tells {@code changed} about runtime domains that changed, starting with every one. */
    public void watchDomains(DomainChangeListener changed) {
        domainListener = changed;
        reportAllDomains.set(true);
    }

    private void run() {
        notifications.listen(); // before the first poll, so that no change after it goes unannounced
        while (running) {
            poll();
            try {
                notifications.await(pollInterval);
            } catch (InterruptedException e) {
                break;
            }
        }
        notifications.close();
    }

    private void poll() {
        try {
            Instant pollStarted = replicas.now();
            if (reportAll.getAndSet(false)) {
                certificates.reset();
            }
            if (reportAllDomains.getAndSet(false)) {
                domains.reset();
            }
            tellDomains(domains.changed());
            tell(certificates.changed());
            long challengesSeen = challenges.refresh();
            seen = Math.max(seen, Math.max(Math.max(certificates.highest(), domains.highest()), challengesSeen));
            replicas.report(pollStarted, seen, startedAt, version, served);
            if (outage) {
                outage = false;
                LOG.info("change feed: the database answers again");
            }
        } catch (StoreException e) {
            if (!outage && running) {
                outage = true;
                LOG.warn("change feed: {}; serving what this replica has, polling again every {}", e.getMessage(),
                        pollInterval);
            }
        }
    }

    private void tell(List<String> domains) {
        CertificateChangeListener current = listener;
        for (String domain : domains) {
            try {
                current.certificateChanged(domain);
            } catch (RuntimeException e) {
                LOG.error("{}: handling the changed certificate failed", domain, e);
            }
        }
    }

    private void tellDomains(List<DomainChanges.Change> changes) {
        DomainChangeListener current = domainListener;
        for (DomainChanges.Change change : changes) {
            try {
                current.domainChanged(change.domain(), change.now());
            } catch (RuntimeException e) {
                LOG.error("{}: handling the changed domain failed", change.domain(), e);
            }
        }
    }

    /** From the next poll on, records {@code digest} as what this replica serves. */
    public void serving(String digest) {
        served = digest;
    }

    /** Stops the thread (within about a poll interval) and closes the notification connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        notifications.abort();
        try {
            thread.join(pollInterval.plus(STOP_WAIT).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
