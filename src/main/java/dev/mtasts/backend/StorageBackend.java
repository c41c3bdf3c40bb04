package dev.mtasts.backend;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.DomainStore;
import dev.mtasts.store.LeaseHolder;
import dev.mtasts.store.Locker;
import dev.mtasts.store.StoreException;
import java.util.Map;

/**
 * Where a server keeps its state, as one choice of {@code [storage]}: the embedded file store for a single
 * node ({@link FileBackend}), or a database that several replicas share. It hands out the roles (storage,
 * locker, challenge answers) and, for a shared store, tells the server about certificates that another
 * replica stored.
 */
public interface StorageBackend extends AutoCloseable {

    CertificateStorage certificates();

    Locker locker();

    ChallengeStore challenges();

    /** The domains added at runtime (admin API, on demand), kept across restarts. */
    DomainStore domains();

    /** Each ACME issuer's breaker, rate-limit hold and budget, shared by every process on this storage. */
    dev.mtasts.store.IssuerStateStore issuerStates();

    /**
     * Starts telling {@code listener} about runtime domains that other replicas added or removed (within
     * about a second for a shared store; its first look reports every stored domain, and the listener
     * ignores what it serves already). The file store has no other writers and never calls it.
     */
    default void watchDomains(DomainChangeListener listener) {
    }

    /**
     * Starts telling {@code listener} about certificates stored by other processes (within about a second
     * for a shared store); the file store has no other writers that need it and never calls it.
     */
    void watch(CertificateChangeListener listener);

    /** Whether the store answered its last request; false while a database is unreachable. */
    boolean up();

    /**
     * Tells the other replicas what this one serves: a digest of its domains and policy ids (see
     * {@code server/ServedPolicies}), after the start and after each reload. The file store has no others.
     */
    default void serving(String digest) {
    }

    /** The live replicas of a cluster, this one included, by name; empty for the file store or while unreachable. */
    default java.util.List<Replica> replicas() {
        return java.util.List.of();
    }

    /** How many requests this process has made to a shared store (0 for the file store): mtasts_storage_calls_total. */
    default long calls() {
        return 0;
    }

    /** What this backend is, for logs and {@code /status}: {@code files in DIR} or the database URL without password. */
    String describe();

    /**
     * Who holds each domain's lease now, for {@code /status} and {@code mta-sts certs}: empty when nobody
     * does, for the file store (its locks live inside processes), and when the store cannot be asked.
     */
    default Map<String, LeaseHolder> leaseHolders() {
        return Map.of();
    }

    /**
     * Brings the store's schema up to date (a database applies its migrations; the file store has none).
     * {@code serve} does it at start when the store is reachable; {@code storage migrate} first of all.
     */
    default void migrateSchema() throws StoreException {
    }

    /**
     * Where TLS-RPT reports and the served history are kept: a shared store's tables; empty for the file store,
     * whose files lie under the certificate directory ({@code tlsrpt/TlsrptFiles}).
     */
    default java.util.Optional<dev.mtasts.tlsrpt.TlsrptStorage> tlsrpt() {
        return java.util.Optional.empty();
    }

    /** Stops background work (polling, heartbeats) and closes connections; never throws. */
    @Override
    void close();
}
