package dev.mtasts.acme;

import java.security.cert.X509Certificate;
import java.util.Optional;

/** Gets certificates from a CA (the Issuer role). */
public interface CertificateIssuer {

    /**
     * The CA's renewal window for {@code certificate} (RFC 9773), or empty when the CA offers no ARI.
     *
     * @throws IssuanceException when the CA offers ARI but could not answer
     */
    Optional<RenewalWindow> renewalWindow(X509Certificate certificate) throws IssuanceException;

    /**
     * The renewal window of a certificate that the configured issuer {@code issuedBy} signed (ARI must be
     * asked of the CA that issued it); by default {@link #renewalWindow(X509Certificate)}.
     */
    default Optional<RenewalWindow> renewalWindow(X509Certificate certificate, Optional<String> issuedBy)
            throws IssuanceException {
        return renewalWindow(certificate);
    }

    /** Orders, validates and downloads a certificate with a new key for the request's host names. */
    Issued issue(IssueRequest request) throws IssuanceException, InterruptedException;

    /**
     * Gets ready for a first order that is coming soon (a certificate is missing): account, connection
     * to the CA. Never throws; whatever fails here, {@link #issue} does again and reports. Does nothing
     * by default.
     */
    default void prepare() {
    }
}
