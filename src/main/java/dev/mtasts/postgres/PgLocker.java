package dev.mtasts.postgres;

import dev.mtasts.store.Lease;
import dev.mtasts.store.LeaseHolder;
import dev.mtasts.store.Locker;
import dev.mtasts.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster {@link Locker}: per-domain leases in the {@code leases} table with fencing tokens, expiry on
 * the database clock, renewed by heartbeats every third of the lease time from one daemon thread. Waiting
 * for a lease another replica holds is a short poll with a little jitter, so waiters do not ask in step.
 */
public final class PgLocker implements Locker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgLocker.class);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration POLL_JITTER = Duration.ofMillis(250);

    private final LeaseTable table;
    private final Clock clock;
    private final RandomGenerator random;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "postgres-lease-heartbeat");
        t.setDaemon(true);
        return t;
    });

    PgLocker(Database db, String node, Clock clock, RandomGenerator random) {
        this.table = new LeaseTable(db, node);
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Lease acquire(String domain, Duration leaseTime) throws StoreException, InterruptedException {
        if (leaseTime.toMillis() < 3) {
            throw new IllegalArgumentException("a lease time of " + leaseTime + " is too short");
        }
        boolean waited = false;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the lease of " + domain);
            }
            Instant sentAt = clock.instant();
            Optional<LeaseTable.Grant> grant = table.take(domain, leaseTime);
            if (grant.isPresent()) {
                return held(domain, leaseTime, sentAt, grant.get());
            }
            if (!waited) {
                waited = true;
                LOG.info("{}: waiting for the lease, held by {}", domain,
                        holder(domain).map(h -> h.holder() + " until " + h.expiresAt()).orElse("another replica"));
            }
            Thread.sleep(POLL.toMillis() + random.nextLong(POLL_JITTER.toMillis() + 1));
        }
    }

    private PgLease held(String domain, Duration leaseTime, Instant sentAt, LeaseTable.Grant grant) {
        PgLease lease = new PgLease(domain, grant.token(), leaseTime, table, clock,
                LeaseDeadline.after(sentAt, grant.remaining(), leaseTime));
        long period = Math.max(1, leaseTime.toMillis() / 3);
        lease.heartbeat(heartbeats.scheduleWithFixedDelay(lease::beat, period, period, TimeUnit.MILLISECONDS));
        LOG.debug("{}: lease taken by {} with token {}", domain, table.node(), grant.token());
        return lease;
    }

    @Override
    public Optional<LeaseHolder> holder(String domain) throws StoreException {
        return table.holder(domain);
    }

    /** Every lease held now, by domain. */
    java.util.Map<String, LeaseHolder> holders() throws StoreException {
        return table.holders();
    }

    /** Stops the heartbeats; leases still held then expire on their own. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
