package dev.mtasts.store;

/** A certificate or key on disk that cannot be used; the message names the file and the reason. */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
