package dev.mtasts.testing;

import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** TLS handshakes against a test server on loopback. */
public final class Handshakes {

    private Handshakes() {
    }

    /** The chain the server on {@code port} presents for the SNI name {@code host}, accepted without validation. */
    public static Certificate[] presented(int port, String host) throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustStores.acceptingAny().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession().getPeerCertificates();
        }
    }
}
