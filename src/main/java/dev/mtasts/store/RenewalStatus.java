package dev.mtasts.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the renewal loop last decided for one domain, kept on disk so {@code mta-sts certs} can explain
 * it while {@code serve} runs: when it will act next and why, and the last failure.
 *
 * @param nextCheck when the loop will look at the domain again (renewal or retry), if known
 * @param why the reason for {@code nextCheck}, in words
 * @param failures consecutive failed attempts (0 after a success)
 * @param lastError the last failure's message, if the last attempt failed
 * @param lastErrorAt when that failure happened
 * @param lastRenewal when a certificate was last obtained
 * @param issuedBy the configured issuer that signed the last certificate obtained, when known
 * @param issuedWhy why that issuer: "first issuer", or why the ones before it were passed over
 */
public record RenewalStatus(Optional<Instant> nextCheck, String why, int failures, Optional<String> lastError,
        Optional<Instant> lastErrorAt, Optional<Instant> lastRenewal, Optional<String> issuedBy,
        Optional<String> issuedWhy) {

    public static final RenewalStatus UNKNOWN = new RenewalStatus(Optional.empty(), "never checked", 0,
            Optional.empty(), Optional.empty(), Optional.empty());

    /** A status without issuer (written before there were several issuers). */
    public RenewalStatus(Optional<Instant> nextCheck, String why, int failures, Optional<String> lastError,
            Optional<Instant> lastErrorAt, Optional<Instant> lastRenewal) {
        this(nextCheck, why, failures, lastError, lastErrorAt, lastRenewal, Optional.empty(), Optional.empty());
    }

    public RenewalStatus {
        Objects.requireNonNull(nextCheck, "nextCheck");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
        Objects.requireNonNull(lastRenewal, "lastRenewal");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(issuedWhy, "issuedWhy");
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative");
        }
    }

    public RenewalStatus scheduled(Instant next, String reason) {
        return new RenewalStatus(Optional.of(next), reason, failures, lastError, lastErrorAt, lastRenewal, issuedBy,
                issuedWhy);
    }

    public RenewalStatus succeeded(Instant at, Instant next, String reason) {
        return new RenewalStatus(Optional.of(next), reason, 0, Optional.empty(), Optional.empty(), Optional.of(at),
                issuedBy, issuedWhy);
    }

    /** A certificate was obtained from the configured issuer {@code issuer}, chosen because {@code issuerWhy}. */
    public RenewalStatus succeeded(Instant at, Instant next, String reason, String issuer, String issuerWhy) {
        return new RenewalStatus(Optional.of(next), reason, 0, Optional.empty(), Optional.empty(), Optional.of(at),
                Optional.of(issuer), Optional.of(issuerWhy));
    }

    public RenewalStatus failed(Instant at, String error, Instant retry, String reason) {
        return new RenewalStatus(Optional.of(retry), reason, failures + 1, Optional.of(error), Optional.of(at),
                lastRenewal, issuedBy, issuedWhy);
    }
}
