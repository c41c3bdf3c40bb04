package dev.mtasts.check;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Upgrades a connected socket to TLS 1.2 or 1.3 with SNI, recording the certificate chain. */
public final class TlsClient {

    /** An upgraded socket and what its handshake showed. */
    public record Connection(SSLSocket socket, TlsInfo info) {
    }

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private final X509TrustManager trust;

    public TlsClient(X509TrustManager trust) {
        this.trust = trust;
    }

    /**
     * Handshakes over {@code plain} with SNI {@code host}. The handshake succeeds whatever the
     * certificate; trust problems are in the returned {@link TlsInfo}. Closes {@code plain} on failure.
     */
    public Connection handshake(Socket plain, String host) throws IOException {
        RecordingTrustManager recorder = new RecordingTrustManager(trust);
        SSLSocket socket = (SSLSocket) context(recorder).getSocketFactory()
                .createSocket(plain, host, plain.getPort(), true);
        try {
            SSLParameters params = socket.getSSLParameters();
            params.setProtocols(PROTOCOLS);
            params.setServerNames(List.of(new SNIHostName(host)));
            socket.setSSLParameters(params);
            socket.startHandshake();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new IOException("TLS handshake failed: " + describe(e), e);
        }
        String protocol = socket.getSession().getProtocol();
        return new Connection(socket, new TlsInfo(protocol, recorder.chain(), recorder.problem()));
    }

    private static SSLContext context(RecordingTrustManager recorder) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {recorder}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
            return m + " (the server offers no TLS 1.2 or newer)";
        }
        return m;
    }
}
