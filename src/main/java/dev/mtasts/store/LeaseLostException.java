package dev.mtasts.store;

/** The {@link Lease} on a domain's lock is no longer held: it expired, or another process took the lock. */
public class LeaseLostException extends StoreException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
