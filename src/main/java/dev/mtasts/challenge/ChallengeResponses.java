package dev.mtasts.challenge;

import dev.mtasts.store.CertifiedKey;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ACME challenge answers currently on offer, shared between the issuer (which adds and removes
 * them) and the listeners (which serve them): HTTP-01 key authorizations by token on port 80, and
 * TLS-ALPN-01 certificates by server name on port 443. Thread-safe; one instance per server.
 */
public final class ChallengeResponses {

    private final Map<String, String> http01 = new ConcurrentHashMap<>();
    private final Map<String, CertifiedKey> tlsAlpn01 = new ConcurrentHashMap<>();

    public void putHttp01(String token, String keyAuthorization) {
        http01.put(token, keyAuthorization);
    }

    public void removeHttp01(String token) {
        http01.remove(token);
    }

    /** The key authorization to answer at {@code /.well-known/acme-challenge/<token>}. */
    public Optional<String> http01(String token) {
        return Optional.ofNullable(http01.get(token));
    }

    public void putTlsAlpn01(String serverName, CertifiedKey challengeCertificate) {
        tlsAlpn01.put(serverName.toLowerCase(Locale.ROOT), challengeCertificate);
    }

    public void removeTlsAlpn01(String serverName) {
        tlsAlpn01.remove(serverName.toLowerCase(Locale.ROOT));
    }

    /** The certificate to present when a ClientHello offers ALPN {@code acme-tls/1} for {@code serverName}. */
    public Optional<CertifiedKey> tlsAlpn01(String serverName) {
        return Optional.ofNullable(tlsAlpn01.get(serverName.toLowerCase(Locale.ROOT)));
    }
}
