package dev.mtasts.challenge;

import dev.mtasts.policy.DomainNames;
import dev.mtasts.store.CertifiedKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded {@link ChallengeStore}: two concurrent maps in this process, so a lookup is one map
 * lookup. Its operations never fail. One instance per server.
 */
public final class InMemoryChallengeStore implements ChallengeStore {

    private final Map<String, String> http01 = new ConcurrentHashMap<>();
    private final Map<String, CertifiedKey> tlsAlpn01 = new ConcurrentHashMap<>();

    @Override
    public void putHttp01(String token, String keyAuthorization) {
        http01.put(token, keyAuthorization);
    }

    @Override
    public void removeHttp01(String token) {
        http01.remove(token);
    }

    @Override
    public Optional<String> http01(String token) {
        return Optional.ofNullable(http01.get(token));
    }

    @Override
    public void putTlsAlpn01(String serverName, CertifiedKey challengeCertificate) {
        tlsAlpn01.put(DomainNames.normalize(serverName), challengeCertificate);
    }

    @Override
    public void removeTlsAlpn01(String serverName) {
        tlsAlpn01.remove(DomainNames.normalize(serverName));
    }

    @Override
    public Optional<CertifiedKey> tlsAlpn01(String serverName) {
        return Optional.ofNullable(tlsAlpn01.get(DomainNames.normalize(serverName)));
    }
}
