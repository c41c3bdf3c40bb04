package dev.mtasts.check;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Lets the handshake finish whatever the certificate, and records the chain and why the delegate would
 * reject it. The checker then reports every problem (trust, name, expiry) instead of only the first.
 * One instance per connection.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509TrustManager delegate;
    private volatile List<X509Certificate> chain = List.of();
    private volatile Optional<String> problem = Optional.empty();

    RecordingTrustManager(X509TrustManager delegate) {
        this.delegate = delegate;
    }

    List<X509Certificate> chain() {
        return chain;
    }

    /** Why the chain does not lead to a trust anchor, or empty when it does. */
    Optional<String> problem() {
        return problem;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) {
        chain = List.of(certs);
        try {
            delegate.checkServerTrusted(certs, authType);
            problem = Optional.empty();
        } catch (CertificateException | RuntimeException e) {
            problem = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) {
        checkServerTrusted(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) {
        checkServerTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("the checker is a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(certs, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
