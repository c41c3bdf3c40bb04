package dev.mtasts.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.time.Duration;

/**
 * The embedded {@link Locker}: an exclusive advisory {@link java.nio.channels.FileLock} on
 * {@code DIR/mta-sts.<domain>/.lock}, so {@code serve} and a cron {@code renew} on one machine never order
 * for the same domain at once.
 *
 * <p>Its lease lasts as long as the process (or until it is closed): the operating system releases the
 * lock when the process dies, so it cannot expire while the holder lives, and the requested lease time is
 * not used. File locks are not reliable on network file systems: servers that share a storage need a
 * locker whose store decides expiry. The fencing token is a counter kept in the {@code .lock} file itself,
 * incremented by each new holder.
 */
public final class FileLocker implements Locker {

    private final CertificateFiles files;

    FileLocker(CertificateFiles files) {
        this.files = files;
    }

    @Override
    public Lease acquire(String domain, Duration leaseTime) throws StoreException, InterruptedException {
        try {
            return FileLease.acquire(domain, files.hostDir(domain));
        } catch (IOException e) {
            if (e instanceof ClosedByInterruptException || e instanceof FileLockInterruptionException
                    || Thread.currentThread().isInterrupted()) {
                // shutdown interrupts the loop while it waits for the lock: that is no storage failure
                InterruptedException interrupted = new InterruptedException("interrupted while waiting for the lock of "
                        + domain);
                interrupted.initCause(e);
                throw interrupted;
            }
            throw new StoreException("cannot lock " + files.hostDir(domain) + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }
}
