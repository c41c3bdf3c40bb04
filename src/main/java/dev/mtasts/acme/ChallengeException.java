package dev.mtasts.acme;

/** A challenge answer could not be presented (e.g. a DNS update was refused). */
public class ChallengeException extends Exception {

    private static final long serialVersionUID = 1L;

    public ChallengeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChallengeException(String message) {
        super(message);
    }
}
