package dev.mtasts.store;

import java.time.Duration;

/**
 * Per-domain mutual exclusion between the processes that may order certificates (a {@code serve} and a
 * cron {@code renew}, or several servers sharing one storage): the role certmagic calls Locker. A lock is
 * a {@link Lease}: it is held for a limited time, can be renewed, and can be lost while held (it expired,
 * or the store handed it to another process), so the holder checks {@link Lease#isHeld} and renews before
 * it writes. After taking a lock, the holder must check again whether its work is still needed.
 */
public interface Locker {

    /**
     * Waits until the lock of {@code domain} is free, then takes it for {@code leaseTime}.
     *
     * @throws StoreException when the lock cannot be taken (storage unreachable, timed out)
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    Lease acquire(String domain, Duration leaseTime) throws StoreException, InterruptedException;

    /** Who holds the lease of {@code domain} now, for {@code /status} and {@code mta-sts certs}; empty when free or unknown. */
    default java.util.Optional<LeaseHolder> holder(String domain) throws StoreException {
        return java.util.Optional.empty();
    }
}
