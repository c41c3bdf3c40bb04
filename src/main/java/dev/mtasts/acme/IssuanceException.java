package dev.mtasts.acme;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Obtaining a certificate failed; says why (for the retry table and metrics) and when the CA allows a retry. */
public class IssuanceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureReason reason;
    private final transient Instant retryAfter;

    public IssuanceException(FailureReason reason, String message, Instant retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    public IssuanceException(FailureReason reason, String message) {
        this(reason, message, null, null);
    }

    public FailureReason reason() {
        return reason;
    }

    /** The CA's Retry-After, if it sent one. */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
