package dev.mtasts.tls;

import dev.mtasts.store.CertifiedKey;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents each policy host's own certificate from one TLS context, so that 10,000 domains cost one
 * context instead of 10,000. The alias is the policy host name, and the host comes from the engine:
 * {@link SniRouter} has already read the SNI name from the ClientHello and creates the engine with it
 * as its "peer host" ({@link SSLEngine#getPeerHost()}), which a server engine uses for nothing else.
 * A host that is not in the map gets no certificate and the handshake fails.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final Map<String, CertifiedKey> byHost;

    SniKeyManager(Map<String, CertifiedKey> byHost) {
        this.byHost = Map.copyOf(byHost);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String host = engine == null ? null : engine.getPeerHost();
        CertifiedKey pair = host == null ? null : byHost.get(host);
        return pair != null && KeyTypes.accepts(pair.key().getAlgorithm(), keyType) ? host : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null; // only engines are used; sockets never carry the SNI name here
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return byHost.entrySet().stream()
                .filter(e -> KeyTypes.accepts(e.getValue().key().getAlgorithm(), keyType))
                .map(Map.Entry::getKey)
                .toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey pair = byHost.get(alias);
        return pair == null ? null : pair.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey pair = byHost.get(alias);
        return pair == null ? null : pair.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
