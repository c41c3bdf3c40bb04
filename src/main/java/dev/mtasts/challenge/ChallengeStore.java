package dev.mtasts.challenge;

import dev.mtasts.store.CertifiedKey;
import java.util.Optional;

/**
 * The ACME challenge answers on offer, shared between the issuer (which offers and withdraws them) and
 * the listeners (which serve them): HTTP-01 key authorizations by token on port 80, and TLS-ALPN-01
 * certificates by server name on port 443. With several servers behind one name, the CA may ask any of
 * them, so a shared store lets every server answer.
 *
 * <p>Offering and withdrawing may fail or time out (a networked store) with a
 * {@link ChallengeStoreException}. The lookups are on the request path: they never wait on a network,
 * they read what this process holds (a map, or a local copy that the shared store feeds).
 */
public interface ChallengeStore {

    void putHttp01(String token, String keyAuthorization) throws ChallengeStoreException;

    void removeHttp01(String token) throws ChallengeStoreException;

    /** The key authorization to answer at {@code /.well-known/acme-challenge/<token>}. */
    Optional<String> http01(String token);

    void putTlsAlpn01(String serverName, CertifiedKey challengeCertificate) throws ChallengeStoreException;

    void removeTlsAlpn01(String serverName) throws ChallengeStoreException;

    /** The certificate to present when a ClientHello offers ALPN {@code acme-tls/1} for {@code serverName}. */
    Optional<CertifiedKey> tlsAlpn01(String serverName);
}
