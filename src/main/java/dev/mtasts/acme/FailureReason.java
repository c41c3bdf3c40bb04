package dev.mtasts.acme;

/** Why an attempt to obtain a certificate failed; the label of the failure metric. */
public enum FailureReason {
    /** The CA said 429 / rateLimited: wait for its Retry-After. */
    RATE_LIMITED,
    /** No configured challenge type could be validated. */
    CHALLENGE_FAILED,
    /** The CA could not be reached or timed out. */
    NETWORK,
    /** The CA answered but failed: HTTP 5xx, serverInternal, nonces refused beyond retries. */
    CA_UNAVAILABLE,
    /** A CAA record of the domain forbids this CA (RFC 8659). */
    CAA,
    /** The CA rejected a request (problem document). */
    CA_ERROR,
    /** The account could not be registered or used (terms of service, EAB, key). */
    ACCOUNT,
    /** The CA issued a certificate that failed validation; the old one stays. */
    INVALID_CERTIFICATE,
    /** The certificate could not be stored. */
    STORAGE,
    /** The renewal lock could not be taken or the loop was interrupted. */
    INTERRUPTED,
    /** No order was placed: every usable issuer's budget is spent; the order waits (not a failure). */
    WAITING;

    /** Lower-case label for metrics and logs, e.g. {@code rate_limited}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
