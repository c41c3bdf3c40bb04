package dev.mtasts.store;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where certificates, their keys, the ACME accounts and the renewal status of each domain are kept (the
 * role certmagic calls Storage). {@link FileStorage} keeps them in a certbot-like directory; a shared
 * database can keep them for several servers.
 *
 * <p>Every operation may fail or time out (a disk error, an unreachable database): it then throws a
 * {@link StoreException} whose message says what failed for which domain. Each write is atomic: a reader
 * sees the old or the new state, never a mix. Writes that must not race another server are made while
 * holding the domain's {@link Lease} from a {@link Locker}. Nothing on the request path calls a storage:
 * the server serves an in-memory snapshot that storage feeds.
 */
public interface CertificateStorage {

    /**
     * The pair to serve for {@code domain}, or empty when none is stored. A save interrupted by a crash
     * still yields a matching pair (the new or the previous one); this method never writes.
     */
    Optional<CertifiedKey> load(String domain) throws StoreException;

    /** The pair that was served before the last save, if it is intact. */
    Optional<CertifiedKey> previous(String domain) throws StoreException;

    /** Stores {@code pair} as the one to serve, keeping the current one as {@link #previous}. */
    void save(String domain, CertifiedKey pair) throws StoreException;

    /**
     * {@link #save} by the holder of the domain's lease with {@code fencingToken}: a shared store refuses it
     * with a {@link FencedWriteException} when a holder with a newer token exists (this one paused past its
     * lease). The file store needs no check (its lock lives as long as the process) and just saves.
     */
    default void save(String domain, CertifiedKey pair, long fencingToken) throws StoreException {
        save(domain, pair);
    }

    /**
     * Finishes a save interrupted by a crash; call while holding the domain's lease.
     *
     * @return whether the pair to serve changed
     */
    boolean repair(String domain) throws StoreException;

    /** The domains that have a certificate or key stored, sorted. */
    List<String> domains() throws StoreException;

    /** What the renewal loop last decided for {@code domain}; {@link RenewalStatus#UNKNOWN} when nothing is stored. */
    RenewalStatus loadStatus(String domain) throws StoreException;

    void saveStatus(String domain, RenewalStatus status) throws StoreException;

    /** {@link #saveStatus} by the holder of the domain's lease, fenced like {@link #save(String, CertifiedKey, long)}. */
    default void saveStatus(String domain, RenewalStatus status, long fencingToken) throws StoreException {
        saveStatus(domain, status);
    }

    /** The ACME account kept for the CA at {@code directory} (one per directory URL). */
    AccountStorage account(URI directory);

    /** Where {@code domain}'s certificate is kept, for messages (a directory, a database row...). */
    String location(String domain);

    /**
     * A warning when {@code domain}'s private key is kept where others than this server can read it
     * (e.g. a key file copied in with mode 0644), with what to do about it.
     */
    Optional<String> keyExposure(String domain);
}
