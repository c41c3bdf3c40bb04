package dev.mtasts.store;

/**
 * A held per-domain lock from a {@link Locker}. It may be lost while held: a networked locker's lease
 * expires when it is not renewed in time (the store's clock decides), and then another process may take
 * it. The {@link #fencingToken} grows with each new holder of the domain's lock, so a store can refuse a
 * write that carries an older token than one it has seen (a holder that paused past its expiry).
 */
public interface Lease extends AutoCloseable {

    String domain();

    /** A number larger than that of every earlier holder of this domain's lock. */
    long fencingToken();

    /**
     * Whether the lease is still held as far as this process can tell without asking the store: false
     * once its expiry has passed or a {@link #renew} found it lost. Cheap; call it before each step.
     */
    boolean isHeld();

    /**
     * Extends the lease by its duration, asking the store.
     *
     * @throws LeaseLostException when the lease expired or another process holds the lock now
     * @throws StoreException when the store cannot be asked (then the lease may be lost)
     */
    void renew() throws StoreException;

    /** Releases the lock (nothing happens when it was lost already). */
    @Override
    void close() throws StoreException;
}
