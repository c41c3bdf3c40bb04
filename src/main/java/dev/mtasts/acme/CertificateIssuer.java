package dev.mtasts.acme;

import dev.mtasts.store.CertifiedKey;
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

    /** Orders, validates and downloads a certificate with a new key for the request's host names. */
    CertifiedKey issue(IssueRequest request) throws IssuanceException, InterruptedException;

    /**
     * Gets ready for a first order that is coming soon (a certificate is missing): account, connection
     * to the CA. Never throws; whatever fails here, {@link #issue} does again and reports. Does nothing
     * by default.
     */
    default void prepare() {
    }
}
