package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.store.TrustAnchors;
import dev.mtasts.testing.TrustStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real fetcher against a local TLS server on port 0. */
class HttpsPolicyFetcherTest {

    private static final String HOST = "mta-sts.example.com";
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private SSLServerSocket server;

    @TempDir
    Path dir;

    private int serve(CertifiedKey key, String response) throws Exception {
        server = (SSLServerSocket) TrustStores.presenting(key).getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> answer(response));
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private void answer(String response) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                seen.add(line);
            }
            ((ExtendedSSLSession) s.getSession()).getRequestedServerNames()
                    .forEach(n -> seen.add("SNI " + ((SNIHostName) n).getAsciiName()));
            s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            seen.add("server error " + e);
        }
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private FetchResult fetch(CertifiedKey key, String response) throws Exception {
        int port = serve(key, response);
        Path pem = dir.resolve("anchor.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.chain().get(0).getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        TlsClient tls = new TlsClient(TrustAnchors.load(List.of(pem)));
        return new HttpsPolicyFetcher(tls, Duration.ofSeconds(5), port).fetch(HOST, InetAddress.getLoopbackAddress());
    }

    private static CertifiedKey key(String host) throws Exception {
        return new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom()).create(host);
    }

    @Test
    void sendsSniAndHostAndReadsThePolicy() throws Exception {
        FetchResult r = fetch(key(HOST), "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(200, r.response().orElseThrow().status());
        assertTrue(r.tls().orElseThrow().trustProblem().isEmpty(), r.tls().toString());
        assertEquals("GET /.well-known/mta-sts.txt HTTP/1.1", seen.get(0));
        assertTrue(seen.contains("Host: " + HOST), seen.toString());
        assertTrue(seen.contains("SNI " + HOST), seen.toString());
    }

    @Test
    void doesNotFollowRedirects() throws Exception {
        FetchResult r = fetch(key(HOST), "HTTP/1.1 301 Moved\r\nLocation: https://elsewhere.example/\r\nContent-Length: 0\r\n\r\n");
        assertEquals(301, r.response().orElseThrow().status());
        assertEquals(1, new ArrayList<>(seen).stream().filter(l -> l.startsWith("GET ")).count());
    }

    @Test
    void reportsRefusedConnections() throws Exception {
        TlsClient tls = new TlsClient(TrustAnchors.load(List.of()));
        java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = closed.getLocalPort();
        closed.close();
        FetchResult r = new HttpsPolicyFetcher(tls, Duration.ofSeconds(2), port).fetch(HOST, InetAddress.getLoopbackAddress());
        assertTrue(r.error().orElseThrow().startsWith("cannot connect to port " + port), r.error().toString());
    }
}
