package dev.mtasts.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Until when this replica may believe, without asking the database, that it still holds a lease: the local
 * instant read before the statement that took or extended the lease, plus the time the database said was
 * left, minus a safety margin. Reading the instant before sending keeps the statement's round trip on the
 * safe side; the margin covers a local clock that runs a little slow against the database's. The database
 * decides expiry; this is only the local, cheap view of it ({@link dev.mtasts.store.Lease#isHeld}).
 *
 * @param at the first instant (local clock) at which the lease counts as no longer held
 */
record LeaseDeadline(Instant at) {

    /** The margin is a tenth of the lease time, at most this much. */
    static final Duration MAX_MARGIN = Duration.ofSeconds(5);

    LeaseDeadline {
        Objects.requireNonNull(at, "at");
    }

    /**
     * @param sentAt the local instant read just before the statement was sent
     * @param remaining the time left on the lease as the database computed it ({@code expires_at - now()})
     * @param leaseTime the lease time asked for, which sets the margin
     */
    static LeaseDeadline after(Instant sentAt, Duration remaining, Duration leaseTime) {
        return new LeaseDeadline(sentAt.plus(remaining).minus(margin(leaseTime)));
    }

    static Duration margin(Duration leaseTime) {
        Duration tenth = leaseTime.dividedBy(10);
        return tenth.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : tenth;
    }

    boolean passed(Instant now) {
        return !now.isBefore(at);
    }
}
