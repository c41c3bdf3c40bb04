package dev.mtasts.backend;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.LeaseHolder;
import dev.mtasts.store.Locker;
import dev.mtasts.store.StoreException;
import java.util.Map;

/**
 * A shared store (a database several replicas use) seen through this replica's local copy of the
 * certificates ({@link LocalCopyStorage}); everything else is the shared store's.
 */
public final class SharedBackend implements StorageBackend {

    private final StorageBackend shared;
    private final LocalCopyStorage certificates;

    public SharedBackend(StorageBackend shared, FileStorage localCopy) {
        this.shared = shared;
        this.certificates = new LocalCopyStorage(shared.certificates(), localCopy, shared::up);
    }

    @Override
    public CertificateStorage certificates() {
        return certificates;
    }

    @Override
    public Locker locker() {
        return shared.locker();
    }

    @Override
    public ChallengeStore challenges() {
        return shared.challenges();
    }

    @Override
    public DomainStore domains() {
        return shared.domains();
    }

    @Override
    public java.util.Optional<dev.mtasts.tlsrpt.TlsrptStorage> tlsrpt() {
        return shared.tlsrpt();
    }

    @Override
    public dev.mtasts.store.IssuerStateStore issuerStates() {
        return shared.issuerStates();
    }

    @Override
    public void watchDomains(DomainChangeListener listener) {
        shared.watchDomains(listener);
    }

    @Override
    public void watch(CertificateChangeListener listener) {
        shared.watch(listener);
    }

    @Override
    public boolean up() {
        return shared.up();
    }

    @Override
    public void serving(String digest) {
        shared.serving(digest);
    }

    @Override
    public java.util.List<Replica> replicas() {
        return shared.replicas();
    }

    @Override
    public long calls() {
        return shared.calls();
    }

    @Override
    public String describe() {
        return shared.describe();
    }

    @Override
    public Map<String, LeaseHolder> leaseHolders() {
        return shared.leaseHolders();
    }

    @Override
    public void migrateSchema() throws StoreException {
        shared.migrateSchema();
    }

    @Override
    public void close() {
        shared.close();
    }
}
