package dev.mtasts.postgres;

import dev.mtasts.backend.CertificateChangeListener;
import dev.mtasts.backend.StorageBackend;
import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.store.CertificateStorage;
import dev.mtasts.store.Locker;
import dev.mtasts.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster store: every replica's certificates, keys, accounts, renewal status, leases and pending
 * challenge answers in one PostgreSQL database. Opening it never fails because the database is down: the
 * pool connects lazily, and the schema is brought up to date by the first call of {@link #migrateSchema}
 * that reaches the database (at start, else from the change feed's thread once it is back).
 */
public final class PostgresBackend implements StorageBackend {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBackend.class);
    private static final Duration MIGRATE_RETRY = Duration.ofSeconds(5);

    private final PostgresSettings settings;
    private final Database db;
    private final PgCertificateStorage certificates;
    private final PgLocker locker;
    private final PgChallengeStore challenges;
    private final PgDomainStore domains;
    private final PgIssuerStateStore issuerStates;
    private final ChangeFeed feed;
    private final Replicas replicas;
    private final AtomicBoolean migrated = new AtomicBoolean();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile Thread migrator;

    private PostgresBackend(PostgresSettings settings, Database db, KeyCipher cipher, Clock clock, String version) {
        this.settings = settings;
        this.db = db;
        this.certificates = new PgCertificateStorage(db, cipher, settings.nodeName());
        this.locker = new PgLocker(db, settings.nodeName(), clock, new SecureRandom());
        this.challenges = new PgChallengeStore(db, settings.nodeName(), settings.pollInterval(), clock);
        this.domains = new PgDomainStore(db);
        this.issuerStates = new PgIssuerStateStore(db, settings.nodeName());
        this.feed = new ChangeFeed(db, challenges, settings.nodeName(), version, settings.pollInterval(), clock);
        this.replicas = new Replicas(db, settings.nodeName(), settings.pollInterval());
    }

    /**
     * Builds the backend and brings the schema up to date when the database answers (when it does not, a
     * replica starts all the same and serves its local copy).
     *
     * @param version this program's version, recorded per replica in the {@code nodes} table
     * @throws StoreException when the key file is unusable
     * @throws IllegalArgumentException when the URL is not a PostgreSQL URL or carries a password
     */
    public static PostgresBackend open(PostgresSettings settings, Clock clock, String version) throws StoreException {
        KeyCipher cipher = KeyCipher.of(settings.keyFile());
        PostgresBackend backend = new PostgresBackend(settings, new Database(settings, new Health()), cipher, clock,
                version);
        try {
            backend.migrateSchema();
        } catch (StoreException e) {
            if (backend.up()) { // the database answered and refused: a real error (permissions, a newer schema)
                backend.close();
                throw e;
            }
            LOG.warn("{}; the schema is brought up to date once it answers", e.getMessage());
        }
        return backend;
    }

    @Override
    public java.util.Optional<dev.mtasts.tlsrpt.TlsrptStorage> tlsrpt() {
        return java.util.Optional.of(new dev.mtasts.tlsrpt.TlsrptStorage(new PgReportStore(db),
                new PgServedHistory(db, settings.nodeName())));
    }

    @Override
    public CertificateStorage certificates() {
        return certificates;
    }

    @Override
    public Locker locker() {
        return locker;
    }

    @Override
    public ChallengeStore challenges() {
        return challenges;
    }

    @Override
    public dev.mtasts.store.DomainStore domains() {
        return domains;
    }

    @Override
    public dev.mtasts.store.IssuerStateStore issuerStates() {
        return issuerStates;
    }

    /** Tells {@code listener} about runtime domains from the change feed (give it before {@link #watch}). */
    @Override
    public void watchDomains(dev.mtasts.backend.DomainChangeListener listener) {
        feed.watchDomains(listener);
    }

    /**
     * Starts the change feed (challenge answers, this replica's row in {@code nodes}, certificates stored by
     * others), after the schema is up to date; while the database is down the schema is retried every few
     * seconds in the background and the feed starts once it is there.
     */
    @Override
    public void watch(CertificateChangeListener listener) {
        feed.watch(listener);
        if (!watching.compareAndSet(false, true)) {
            return;
        }
        if (migrated.get()) {
            feed.start();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                while (!tryMigrate()) {
                    Thread.sleep(MIGRATE_RETRY.toMillis());
                }
                feed.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "postgres-schema");
        t.setDaemon(true);
        migrator = t;
        t.start();
    }

    private boolean tryMigrate() {
        try {
            migrateSchema();
            return true;
        } catch (StoreException e) {
            LOG.warn("{}; serving what this replica holds, trying again every {} s", e.getMessage(),
                    MIGRATE_RETRY.toSeconds());
            return false;
        }
    }

    @Override
    public void migrateSchema() throws StoreException {
        if (!migrated.get()) {
            db.migrate();
            migrated.set(true);
        }
    }

    @Override
    public boolean up() {
        return db.health().up();
    }

    /** One query; empty while the database cannot be asked. */
    @Override
    public java.util.Map<String, dev.mtasts.store.LeaseHolder> leaseHolders() {
        if (!up()) {
            return java.util.Map.of();
        }
        try {
            return locker.holders();
        } catch (StoreException e) {
            LOG.debug("cannot read the leases: {}", e.getMessage());
            return java.util.Map.of();
        }
    }

    @Override
    public void serving(String digest) {
        feed.serving(digest);
    }

    /** Asks the database; empty (and logged at debug level only) while it cannot be asked. */
    @Override
    public java.util.List<dev.mtasts.backend.Replica> replicas() {
        if (!up()) {
            return java.util.List.of();
        }
        try {
            return replicas.live();
        } catch (StoreException e) {
            LOG.debug("cannot list the replicas: {}", e.getMessage());
            return java.util.List.of();
        }
    }

    @Override
    public long calls() {
        return db.calls();
    }

    @Override
    public String describe() {
        return db.describe() + " as node " + settings.nodeName();
    }

    @Override
    public void close() {
        Thread t = migrator;
        if (t != null) {
            t.interrupt();
        }
        feed.close();
        locker.close();
        db.close();
    }
}
