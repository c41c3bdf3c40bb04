package dev.mtasts.acme;

import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.Lease;
import dev.mtasts.store.LeaseLostException;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One domain's stored state, read and written under its {@link Lease}: the certificate (after repairing an
 * interrupted save) and the renewal status. Nothing is written once the lease is lost.
 */
final class DomainState {

    private static final Logger LOG = LoggerFactory.getLogger(DomainState.class);

    private final String domain;
    private final CertificateStorage storage;
    private final Lease lease;

    DomainState(String domain, CertificateStorage storage, Lease lease) {
        this.domain = domain;
        this.storage = storage;
        this.lease = lease;
    }

    String domain() {
        return domain;
    }

    List<String> hosts() {
        return List.of("mta-sts." + domain);
    }

    /** The stored pair; a save interrupted by a crash is finished first; unreadable files count as none. */
    Optional<CertifiedKey> current() {
        try {
            if (storage.repair(domain)) {
                LOG.warn("{}: finished a certificate save interrupted by a crash", domain);
            }
            return storage.load(domain);
        } catch (StoreException e) {
            LOG.warn("{}: stored certificate unusable, a new one will be ordered: {}", domain, e.getMessage());
            return Optional.empty();
        }
    }

    RenewalStatus status() {
        try {
            return storage.loadStatus(domain);
        } catch (StoreException e) {
            LOG.warn("{}: {}", domain, e.getMessage());
            return RenewalStatus.UNKNOWN;
        }
    }

    /** Renews the lease, so the next step (an order can take minutes) starts with all of it. */
    void confirmHeld() throws StoreException {
        if (!lease.isHeld()) {
            throw new LeaseLostException("the lock of " + domain + " was lost (another process may be renewing it)");
        }
        lease.renew();
    }

    /** Stores the pair to serve, only while the lease is still held; a shared store also checks its fencing token. */
    void store(CertifiedKey pair) throws StoreException {
        confirmHeld();
        storage.save(domain, pair, lease.fencingToken());
    }

    void save(RenewalStatus status) {
        if (!lease.isHeld()) {
            LOG.warn("{}: the lock was lost, the renewal status is not written", domain);
            return;
        }
        try {
            storage.saveStatus(domain, status, lease.fencingToken());
        } catch (StoreException e) {
            LOG.warn("{}: cannot write the renewal status: {}", domain, e.getMessage());
        }
    }
}
