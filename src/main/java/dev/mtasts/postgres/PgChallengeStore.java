package dev.mtasts.postgres;

import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.challenge.ChallengeStoreException;
import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster {@link ChallengeStore}: answers are written to the {@code challenges} table, so any replica
 * answers the CA for an order another one placed, and kept in a local copy that the lookups read (they never
 * touch the network). The local copy takes this replica's own changes at once and is replaced by every
 * unexpired row at each {@link #refresh} (the {@link ChangeFeed} calls it). After offering an answer, the
 * store waits until every live replica has applied it, at most {@link #PROPAGATION_LIMIT}: then the CA may
 * be told to validate and reach any replica.
 */
public final class PgChallengeStore implements ChallengeStore {

    private static final Logger LOG = LoggerFactory.getLogger(PgChallengeStore.class);
    static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(5);
    static final Duration PROPAGATION_CHECK = Duration.ofMillis(50);

    private final ChallengeTable table;
    private final Replicas replicas;
    private final Clock clock;
    /** Serializes the writers of {@link #local}: a refresh must not drop a put made while it read. */
    private final Object writes = new Object();
    private volatile InMemoryChallengeStore local = new InMemoryChallengeStore();

    PgChallengeStore(Database db, String node, Duration pollInterval, Clock clock) {
        this.table = new ChallengeTable(db, node);
        this.replicas = new Replicas(db, node, pollInterval);
        this.clock = clock;
    }

    @Override
    public void putHttp01(String token, String keyAuthorization) throws ChallengeStoreException {
        ChallengeTable.Written written;
        synchronized (writes) {
            written = offer("HTTP-01 answer for token " + token, () -> table.putHttp01(token, keyAuthorization));
            local.putHttp01(token, keyAuthorization);
        }
        awaitReplicas("HTTP-01 answer for token " + token, written);
    }

    @Override
    public void putTlsAlpn01(String serverName, CertifiedKey challengeCertificate) throws ChallengeStoreException {
        ChallengeTable.Written written;
        synchronized (writes) {
            written = offer("TLS-ALPN-01 certificate for " + serverName,
                    () -> table.putTlsAlpn01(serverName, challengeCertificate));
            local.putTlsAlpn01(serverName, challengeCertificate);
        }
        awaitReplicas("TLS-ALPN-01 certificate for " + serverName, written);
    }

    @Override
    public void removeHttp01(String token) throws ChallengeStoreException {
        synchronized (writes) {
            local.removeHttp01(token);
            withdraw("HTTP-01 answer for token " + token, () -> table.removeHttp01(token));
        }
    }

    @Override
    public void removeTlsAlpn01(String serverName) throws ChallengeStoreException {
        synchronized (writes) {
            local.removeTlsAlpn01(serverName);
            withdraw("TLS-ALPN-01 certificate for " + serverName, () -> table.removeTlsAlpn01(serverName));
        }
    }

    @Override
    public Optional<String> http01(String token) {
        return local.http01(token);
    }

    @Override
    public Optional<CertifiedKey> tlsAlpn01(String serverName) {
        return local.tlsAlpn01(serverName);
    }

    /** Replaces the local copy with every unexpired answer in the database; returns their highest change number. */
    long refresh() throws StoreException {
        synchronized (writes) {
            ChallengeTable.Loaded loaded = table.unexpired();
            local = loaded.answers();
            return loaded.highestChange();
        }
    }

    private interface Write {
        ChallengeTable.Written apply() throws StoreException;
    }

    private interface Removal {
        void apply() throws StoreException;
    }

    private static ChallengeTable.Written offer(String what, Write write) throws ChallengeStoreException {
        try {
            return write.apply();
        } catch (StoreException e) {
            throw new ChallengeStoreException("cannot offer the " + what + ": " + e.getMessage(), e);
        }
    }

    private static void withdraw(String what, Removal removal) throws ChallengeStoreException {
        try {
            removal.apply();
        } catch (StoreException e) {
            throw new ChallengeStoreException("cannot withdraw the " + what + " (other replicas offer it until it"
                    + " expires): " + e.getMessage(), e);
        }
    }

    /** Waits until no live replica lacks {@code change}, at most {@link #PROPAGATION_LIMIT}; never fails. */
    private void awaitReplicas(String what, ChallengeTable.Written change) {
        Instant giveUp = clock.instant().plus(PROPAGATION_LIMIT);
        List<String> lacking = List.of();
        try {
            while (true) {
                lacking = replicas.lacking(change);
                if (lacking.isEmpty() || !clock.instant().isBefore(giveUp)) {
                    break;
                }
                Thread.sleep(PROPAGATION_CHECK.toMillis());
            }
        } catch (StoreException e) {
            LOG.warn("{}: cannot tell whether the other replicas have it ({}); going on", what, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!lacking.isEmpty()) {
            LOG.warn("{}: replicas {} did not pick it up within {}; the CA may fail to validate there", what,
                    lacking, PROPAGATION_LIMIT);
        }
    }
}
