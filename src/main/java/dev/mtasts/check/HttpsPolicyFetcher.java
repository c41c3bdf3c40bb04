package dev.mtasts.check;

import dev.mtasts.policy.PolicyParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches the policy the way a sender does, over a socket to one given address: TLS 1.2+, SNI and
 * {@code Host} set to the policy host, one HTTP/1.1 GET, redirects not followed, at most 64 KiB read.
 */
public final class HttpsPolicyFetcher implements PolicyFetcher {

    private static final int HTTPS_PORT = 443;
    private final TlsClient tls;
    private final Duration timeout;
    private final int port;

    public HttpsPolicyFetcher(TlsClient tls, Duration timeout) {
        this(tls, timeout, HTTPS_PORT);
    }

    /** With another port than 443: for tests. */
    HttpsPolicyFetcher(TlsClient tls, Duration timeout, int port) {
        this.tls = tls;
        this.timeout = timeout;
        this.port = port;
    }

    @Override
    public FetchResult fetch(String host, InetAddress address) {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            closeQuietly(plain);
            return FetchResult.failed(address, Optional.empty(), "cannot connect to port " + port + ": " + message(e));
        }
        TlsClient.Connection connection;
        try {
            connection = tls.handshake(plain, host);
        } catch (IOException e) {
            return FetchResult.failed(address, Optional.empty(), message(e));
        }
        try (Socket socket = connection.socket()) {
            send(socket.getOutputStream(), host);
            InputStream in = new java.io.BufferedInputStream(new DeadlineInputStream(socket.getInputStream(), timeout));
            HttpResponse response = new HttpResponseReader(in, PolicyParser.MAX_BODY_BYTES).read();
            return FetchResult.of(address, connection.info(), response);
        } catch (IOException e) {
            return FetchResult.failed(address, Optional.of(connection.info()), "HTTP request failed: " + message(e));
        }
    }

    private static void send(OutputStream out, String host) throws IOException {
        String request = "GET " + PATH + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: mta-sts-check\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String message(IOException e) {
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out (" + e.getMessage() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
