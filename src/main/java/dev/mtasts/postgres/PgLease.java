package dev.mtasts.postgres;

import dev.mtasts.store.Lease;
import dev.mtasts.store.LeaseLostException;
import dev.mtasts.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease from {@link PgLocker}: a row of {@code leases} that carries this lease's token. Held, as far as
 * this replica can tell, until its {@link LeaseDeadline}; each renewal (a heartbeat or {@link #renew})
 * moves the deadline. Once the database says the token no longer holds the row, it is lost for good.
 */
final class PgLease implements Lease {

    private static final Logger LOG = LoggerFactory.getLogger(PgLease.class);

    private final String domain;
    private final long token;
    private final Duration leaseTime;
    private final LeaseTable table;
    private final Clock clock;
    private volatile LeaseDeadline deadline;
    private volatile boolean lost;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> heartbeat;

    PgLease(String domain, long token, Duration leaseTime, LeaseTable table, Clock clock, LeaseDeadline deadline) {
        this.domain = domain;
        this.token = token;
        this.leaseTime = leaseTime;
        this.table = table;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Set once by the locker that scheduled the heartbeats, so closing the lease stops them. */
    void heartbeat(ScheduledFuture<?> scheduled) {
        this.heartbeat = scheduled;
    }

    @Override
    public String domain() {
        return domain;
    }

    @Override
    public long fencingToken() {
        return token;
    }

    @Override
    public boolean isHeld() {
        return !lost && !closed && !deadline.passed(clock.instant());
    }

    @Override
    public synchronized void renew() throws StoreException {
        if (closed || lost) {
            throw new LeaseLostException("the lease of " + domain + " (token " + token + ") was "
                    + (closed ? "released" : "lost"));
        }
        Instant sentAt = clock.instant();
        Optional<Duration> remaining = table.extend(domain, token, leaseTime);
        if (remaining.isEmpty()) {
            lost = true;
            stopHeartbeats();
            throw new LeaseLostException("the lease of " + domain + " (token " + token
                    + ") expired or another replica took it over");
        }
        deadline = LeaseDeadline.after(sentAt, remaining.get(), leaseTime);
    }

    /** One heartbeat: {@link #renew}, logged instead of thrown; a database error leaves the local deadline to decide. */
    void beat() {
        try {
            renew();
        } catch (LeaseLostException e) {
            LOG.warn("{}: {}", domain, e.getMessage());
        } catch (StoreException e) {
            LOG.warn("{}: {}; held here until {} unless a later heartbeat gets through", domain, e.getMessage(),
                    deadline.at());
        }
    }

    @Override
    public synchronized void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        stopHeartbeats();
        if (!lost) {
            table.release(domain, token);
        }
    }

    private void stopHeartbeats() {
        ScheduledFuture<?> scheduled = heartbeat;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
