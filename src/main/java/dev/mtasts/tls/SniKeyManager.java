package dev.mtasts.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents each policy host's own certificate from one TLS context, so that 100,000 domains cost one
 * context instead of 100,000, and a new certificate needs no new context. The host comes from the engine:
 * {@link SniRouter} has already read the SNI name from the ClientHello and creates the engine with it as
 * its "peer host" ({@link SSLEngine#getPeerHost()}), which a server engine uses for nothing else. The
 * certificate is read from {@link HostCertificates} at each handshake; the alias names the certificate
 * itself (see {@link ServedCertificate}). A host without a certificate gets none and the handshake fails.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final HostCertificates certificates;

    SniKeyManager(HostCertificates certificates) {
        this.certificates = certificates;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String host = engine == null ? null : engine.getPeerHost();
        ServedCertificate served = host == null ? null : certificates.current(host);
        return served != null && KeyTypes.accepts(served.key().key().getAlgorithm(), keyType) ? served.alias() : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null; // only engines are used; sockets never carry the SNI name here
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[0]; // aliases are chosen per engine, by the SNI name
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServedCertificate served = certificates.byAlias(alias);
        return served == null ? null : served.key().chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServedCertificate served = certificates.byAlias(alias);
        return served == null ? null : served.key().key();
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
