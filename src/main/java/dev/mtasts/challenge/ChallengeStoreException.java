package dev.mtasts.challenge;

/** A challenge answer could not be offered or withdrawn; the message says which and why. */
public class ChallengeStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public ChallengeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
