package dev.mtasts.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mtasts.acme.Acme4jIssuer;
import dev.mtasts.acme.AcmeMetrics;
import dev.mtasts.acme.AcmeSessions;
import dev.mtasts.acme.AcmeSettings;
import dev.mtasts.acme.CertificateIssuer;
import dev.mtasts.acme.ChallengeSolver;
import dev.mtasts.acme.Http01Solver;
import dev.mtasts.acme.KeyType;
import dev.mtasts.acme.RenewalRunner;
import dev.mtasts.acme.TlsAlpn01Solver;
import dev.mtasts.challenge.ChallengeStore;
import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FileStorage;
import dev.mtasts.store.Pem;
import dev.mtasts.store.SelfSignedCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.util.CSRBuilder;

/**
 * The ACME client's part of the warm-up (the training run for the CDS archive): a forced renewal of the
 * warm-up domain against a stand-in CA on loopback (HTTPS as "localhost", trusted through a CA bundle
 * like --acme-ca-bundle) that serves a directory and nonces, registers the
 * account, and refuses the order; then a CSR signed locally. What counts is the classes on the way
 * (HTTP and TLS client, acme4j, jose4j, the renewal runner): without them in the archive every start
 * with a missing certificate loads and verifies them from the jar, about 0.3 s of CPU on the way to
 * the first certificate. Any failure here only leaves those classes out.
 */
final class AcmeWarmUp {

    private AcmeWarmUp() {
    }

    static void run(FileStorage store, String domain, String host) throws Exception {
        CertifiedKey tls = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom()).create("localhost");
        Path bundle = Files.writeString(store.root().resolve("warm-up-ca.pem"), Pem.writeChain(tls.chain()),
                StandardCharsets.US_ASCII);
        HttpsServer ca = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ca.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
        String base = "https://localhost:" + ca.getAddress().getPort();
        ca.createContext("/", exchange -> answer(exchange, base));
        ca.start();
        try {
            AcmeSettings settings = new AcmeSettings(URI.create(base + "/dir"), Optional.empty(), true,
                    Optional.of(bundle), Optional.empty(), Optional.empty(), KeyType.EC,
                    List.of("http-01", "tls-alpn-01"));
            CertificateIssuer issuer = new Acme4jIssuer(AcmeSessions.open(settings),
                    store.account(settings.directory()), settings,
                    solvers(new InMemoryChallengeStore()),
                    Duration.ofSeconds(5));
            issuer.prepare();
            new RenewalRunner(store, store.locker(), issuer, (d, pair) -> { }, new AcmeMetrics() { }, Clock.systemUTC(),
                    new SecureRandom()).check(domain, true);
            CSRBuilder csr = new CSRBuilder();
            csr.addDomain(host);
            csr.sign(KeyType.EC.generate());
            csr.getEncoded();
        } finally {
            ca.stop(0);
        }
    }

    /** The solvers serve uses without DNS updates (cli's AcmeComponents builds them for serve). */
    private static List<ChallengeSolver> solvers(ChallengeStore responses) {
        return List.of(new Http01Solver(responses), new TlsAlpn01Solver(responses));
    }

    private static void answer(HttpExchange exchange, String base) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Replay-Nonce", "d2FybS11cC1ub25jZQ");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            switch (exchange.getRequestURI().getPath()) {
                case "/dir" -> send(exchange, 200, "application/json", "{\"newNonce\":\"" + base + "/nonce\","
                        + "\"newAccount\":\"" + base + "/account\",\"newOrder\":\"" + base + "/order\","
                        + "\"meta\":{\"termsOfService\":\"data:text/plain,warm-up\"}}");
                case "/nonce" -> exchange.sendResponseHeaders(200, -1);
                case "/account" -> {
                    exchange.getRequestBody().readAllBytes();
                    exchange.getResponseHeaders().add("Location", base + "/account/1");
                    send(exchange, 201, "application/json", "{\"status\":\"valid\"}");
                }
                default -> {
                    exchange.getRequestBody().readAllBytes();
                    send(exchange, 403, "application/problem+json", "{\"type\":"
                            + "\"urn:ietf:params:acme:error:rejectedIdentifier\",\"detail\":\"warm-up\",\"status\":403}");
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static SSLContext sslContext(CertifiedKey tls) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("tls", tls.key(), new char[0], tls.chain().toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
