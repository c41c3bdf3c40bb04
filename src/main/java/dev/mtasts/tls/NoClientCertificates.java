package dev.mtasts.tls;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust manager of a server that never asks for client certificates. Without it every TLS context
 * loads the JDK's whole CA list and hands it to BoringSSL as the acceptable client-certificate issuers:
 * about 30 ms and a copy of ~140 CA names per context, which made 10,000 domains take minutes to load.
 * It advertises no issuers and rejects any client certificate that arrives anyway.
 */
final class NoClientCertificates extends SimpleTrustManagerFactory {

    static final X509TrustManager TRUST_MANAGER = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager only serves a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    @Override
    protected void engineInit(KeyStore keyStore) {
        // nothing to load
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {
        // nothing to load
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {TRUST_MANAGER};
    }
}
