package dev.mtasts.acme;

import dev.mtasts.store.CertificateStore;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.RenewalStatusFile;
import dev.mtasts.store.StoreException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One domain's files, read under its lock: the certificate (after repairing an interrupted save) and status. */
final class DomainState {

    private static final Logger LOG = LoggerFactory.getLogger(DomainState.class);

    private final String domain;
    private final CertificateStore store;
    private final RenewalStatusFile statusFile;

    DomainState(String domain, CertificateStore store, RenewalStatusFile statusFile) {
        this.domain = domain;
        this.store = store;
        this.statusFile = statusFile;
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
            if (store.repair(domain)) {
                LOG.warn("{}: finished a certificate save interrupted by a crash", domain);
            }
            return store.load(domain);
        } catch (IOException | StoreException e) {
            LOG.warn("{}: stored certificate unusable, a new one will be ordered: {}", domain, e.getMessage());
            return Optional.empty();
        }
    }

    RenewalStatus status() {
        try {
            return statusFile.load(domain);
        } catch (StoreException e) {
            LOG.warn("{}: {}", domain, e.getMessage());
            return RenewalStatus.UNKNOWN;
        }
    }

    void save(RenewalStatus status) {
        try {
            statusFile.save(domain, status);
        } catch (IOException e) {
            LOG.warn("{}: cannot write the renewal status: {}", domain, e.getMessage());
        }
    }
}
