package dev.mtasts.acme;

import dev.mtasts.store.CertifiedKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What renewal planning needs to know about the current certificate.
 *
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param usable whether it may be renewed on schedule (CA-issued and valid for all names); when false,
 *     it is replaced at once
 */
public record CertificateFacts(Instant notBefore, Instant notAfter, boolean usable) {

    public CertificateFacts {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    public static CertificateFacts of(CertifiedKey pair, List<String> hosts) {
        boolean usable = !pair.isSelfSigned() && hosts.stream().allMatch(pair::coversName);
        return new CertificateFacts(pair.notBefore(), pair.notAfter(), usable);
    }

    public Duration lifetime() {
        return Duration.between(notBefore, notAfter);
    }

    public Duration left(Instant now) {
        return Duration.between(now, notAfter);
    }
}
