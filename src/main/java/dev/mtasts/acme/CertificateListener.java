package dev.mtasts.acme;

import dev.mtasts.store.CertifiedKey;

/** Told when a new, validated certificate has been stored for a domain: swap it into the SNI mapping. */
@FunctionalInterface
public interface CertificateListener {

    /**
     * @param domain the mail domain; the certificate covers {@code mta-sts.<domain>}
     * @param pair the new key and chain, already validated and stored crash-safely
     */
    void installed(String domain, CertifiedKey pair);
}
