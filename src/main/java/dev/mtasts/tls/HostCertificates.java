package dev.mtasts.tls;

/** Where the key manager of a TLS context reads each policy host's certificate, at every handshake. */
public interface HostCertificates {

    /** The certificate served for {@code host} now, or null when the host has none (the handshake fails). */
    ServedCertificate current(String host);

    /**
     * The certificate that {@link ServedCertificate#alias()} names: the current one, or the one it just
     * replaced while a handshake was choosing it; null when neither has that alias any more.
     */
    ServedCertificate byAlias(String alias);
}
