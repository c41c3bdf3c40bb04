package dev.mtasts.store;

/**
 * A storage operation failed or timed out, or what it read cannot be used (a certificate or key on disk
 * that does not parse); the message names the file or domain and the reason.
 */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
