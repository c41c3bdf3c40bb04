package dev.mtasts.cli;

import dev.mtasts.config.ServeConfig;
import dev.mtasts.server.RunningServer;
import dev.mtasts.store.CertificateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs a private server on loopback through its whole request path once and exits: the training run
 * for the class-data-sharing archive that {@code bin/mta-sts} creates ({@code -XX:ArchiveClassesAtExit}),
 * so that later starts map those classes instead of loading and verifying them.
 */
@Command(name = "warm-up", hidden = true,
        description = "Serve a throw-away domain on loopback, fetch it, exit (training run for the CDS archive).")
final class WarmUpCommand implements Callable<Integer> {

    static final String DOMAIN = "warm-up.example";
    private static final String HOST = "mta-sts." + DOMAIN;

    @Override
    public Integer call() throws Exception {
        Path certs = Files.createTempDirectory("mta-sts-warm-up");
        try {
            for (int round = 0; round < 2; round++) { // the first creates the certificate, the second loads it
                serveAndFetch(certs, round == 1); // the second also runs the ACME client (AcmeWarmUp)
            }
            System.out.println("warm-up: served and fetched " + HOST + " on loopback");
            return 0;
        } finally {
            deleteTree(certs);
        }
    }

    private static void serveAndFetch(Path certs, boolean acme) throws Exception {
        ServeCommand serve = CommandLine.populateCommand(new ServeCommand(), "--domain", DOMAIN, "--mx",
                "mail." + DOMAIN, "--https-port", freePort(), "--http-port", freePort(), "--admin-port", freePort(), "--bind",
                "127.0.0.1", "--admin-bind", "127.0.0.1", "--certs-dir", certs.toString(), "--dns-check-interval", "0", "--threads", "1");
        serve.env = java.util.Map.of();
        ServeConfig config = serve.loadConfig();
        RunningServer server = new ServerLauncher(config, serve::loadConfig, 1).start();
        try {
            var ports = server.ports();
            for (int i = 0; i < 3; i++) {
                expect(httpsExchange(ports.https(), "/.well-known/mta-sts.txt"), "HTTP/1.1 200");
                expect(httpsExchange(ports.https(), "/missing"), "HTTP/1.1 404");
                expect(plainExchange(ports.http(), "/.well-known/mta-sts.txt"), "HTTP/1.1 ");
                expect(plainExchange(ports.admin(), "/metrics"), "HTTP/1.1 200");
            }
            if (acme) {
                try {
                    AcmeWarmUp.run(new CertificateStore(certs), DOMAIN, HOST);
                } catch (Exception | LinkageError e) { // the archive is made all the same, without those classes
                    System.err.println("warm-up: ACME client part skipped: " + e);
                }
            }
        } finally {
            server.close();
        }
    }

    /** A loopback port that was free a moment ago (port 0 means "disabled" to serve). */
    private static String freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return Integer.toString(probe.getLocalPort());
        }
    }

    private static void expect(String response, String start) {
        if (!response.startsWith(start)) {
            throw new IllegalStateException("warm-up: expected " + start + ", got: " + response.lines().findFirst().orElse(""));
        }
    }

    private static String httpsExchange(int port, String path) throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new OwnCertificate()}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(HOST)));
            socket.setSSLParameters(parameters);
            return exchange(socket, path);
        }
    }

    private static String plainExchange(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, path);
        }
    }

    private static String exchange(Socket socket, String path) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        in.transferTo(response);
        return response.toString(StandardCharsets.ISO_8859_1);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Accepts the self-signed certificate of the warm-up's own server; nothing else connects here. */
    private static final class OwnCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            if (chain.length == 0 || !chain[0].getSubjectX500Principal().getName().contains(HOST)) {
                throw new java.security.cert.CertificateException("not the warm-up server's certificate");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
