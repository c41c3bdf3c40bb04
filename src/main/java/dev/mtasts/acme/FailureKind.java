package dev.mtasts.acme;

/**
 * Whose fault a failed order is, which decides what happens next when several issuers are configured
 * (see {@link IssuerFailover}).
 */
public enum FailureKind {
    /** The CA limits us: skip that issuer until its Retry-After, try the next one now. */
    RATE_LIMITED,
    /** The CA cannot be used now (unreachable, failing, refusing the account): open its breaker, try the next one now. */
    ISSUER_UNAVAILABLE,
    /** The CA answered with an error of its own about the request: try the next issuer, no breaker. */
    ISSUER_REFUSED,
    /** The domain's fault (DNS, validation, CAA): another issuer would fail too; retry along the back-off table. */
    DOMAIN,
    /** Ours (storage, interruption, a certificate we refused): nothing to do with the issuer. */
    LOCAL;

    /** The one place that sorts {@link FailureReason}s into kinds. */
    public static FailureKind of(FailureReason reason) {
        return switch (reason) {
            case RATE_LIMITED -> RATE_LIMITED;
            case NETWORK, CA_UNAVAILABLE, ACCOUNT -> ISSUER_UNAVAILABLE;
            case CA_ERROR -> ISSUER_REFUSED;
            case CHALLENGE_FAILED, CAA -> DOMAIN;
            case INVALID_CERTIFICATE, STORAGE, INTERRUPTED, WAITING -> LOCAL;
        };
    }

    /** Lower-case label for metrics and logs. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
