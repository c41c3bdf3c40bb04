package dev.mtasts.server;

/** A configuration that parsed but cannot be served (e.g. a certificate that does not match its key). */
public final class LoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public LoadException(String message) {
        super(message);
    }
}
