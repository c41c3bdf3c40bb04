package dev.mtasts.tlsrpt;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What this server served for one domain: the policy (id and text) and the certificate. A domain no
 * longer served has the policy id {@value #NOT_SERVED}.
 *
 * @param domain the mail domain
 * @param policyId the policy id ({@code _mta-sts} TXT id) of the served policy
 * @param policyText the policy file served (lines separated by LF)
 * @param certificateSha256 the SHA-256 of the served leaf certificate, hex; empty while unknown (not in memory)
 * @param certificateNotAfter the end of its validity
 * @param selfSigned whether it was a self-signed stand-in
 */
public record ServedState(String domain, String policyId, String policyText, Optional<String> certificateSha256,
        Optional<Instant> certificateNotAfter, boolean selfSigned) {

    public static final String NOT_SERVED = "-";

    public ServedState {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(policyText, "policyText");
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
    }

    public static ServedState notServed(String domain) {
        return new ServedState(domain, NOT_SERVED, "", Optional.empty(), Optional.empty(), false);
    }

    public boolean served() {
        return !NOT_SERVED.equals(policyId);
    }

    /** This state with the certificate of {@code previous} when this one does not know its own. */
    ServedState withCertificateOf(ServedState previous) {
        if (certificateSha256.isPresent() || previous == null || !served()) {
            return this;
        }
        return new ServedState(domain, policyId, policyText, previous.certificateSha256(),
                previous.certificateNotAfter(), previous.selfSigned());
    }
}
