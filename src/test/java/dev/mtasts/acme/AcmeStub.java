package dev.mtasts.acme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.Pem;
import dev.mtasts.store.SelfSignedCertificates;
import dev.mtasts.testing.TrustStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * A tiny in-process ACME server over HTTPS on port 0 (self-signed for localhost, trusted through the CA
 * bundle option): directory with renewalInfo, nonces, accounts, orders that are ready at once (no
 * authorizations), finalize with a real certificate from a {@link TestCa}, ARI renewalInfo, and
 * switchable failures: 429 with Retry-After and alreadyReplaced. Does not verify JWS signatures.
 */
final class AcmeStub implements AutoCloseable {

    volatile String renewalInfoJson;
    volatile long renewalInfoRetryAfterSeconds = 3600;
    volatile long rateLimitRetryAfterSeconds;
    volatile boolean alreadyReplaced;
    /** When set, every request is answered with this HTTP status and a plain-text body (a failing CA). */
    volatile int failEverythingWith;
    /** When set, every new order is answered with this ACME problem type (e.g. "dns", "caa", "serverInternal"). */
    volatile String orderErrorType;
    final List<JSON> newOrders = new CopyOnWriteArrayList<>();
    final List<String> renewalInfoPaths = new CopyOnWriteArrayList<>();
    /** Every request as "METHOD path", in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final TestCa ca = new TestCa("Stub CA", Instant.now().minusSeconds(3600), Instant.now().plus(Duration.ofDays(400)));
    volatile Duration lifetime = Duration.ofDays(90);

    private final HttpsServer server;
    private final String tlsCertificatePem;
    private final SecureRandom random = new SecureRandom();
    private volatile String orderStatus = "ready";
    private volatile String certificatePem;
    private volatile List<String> identifiers = List.of();

    AcmeStub() throws Exception {
        this(0);
    }

    /** A stub on {@code port} (0: any free port), e.g. to bring a stopped CA back on its old address. */
    private AcmeStub(int port) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        CertifiedKey tls = new SelfSignedCertificates(Clock.systemUTC(), random).create("localhost");
        server.setHttpsConfigurator(new HttpsConfigurator(TrustStores.presenting(tls)));
        server.createContext("/", this::handle);
        server.start();
        tlsCertificatePem = Pem.writeChain(tls.chain());
    }

    String base() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    String directory() {
        return base() + "/dir";
    }

    Path writeCaBundle(Path dir) throws IOException {
        return Files.writeString(dir.resolve("stub-tls.pem"), tlsCertificatePem);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + path);
            if (failEverythingWith != 0) {
                send(ex, failEverythingWith, "text/plain", "the stub CA is failing");
                return;
            }
            ex.getResponseHeaders().add("Replay-Nonce", nonce());
            ex.getResponseHeaders().add("Cache-Control", "no-store");
            if (path.equals("/dir")) {
                json(ex, 200, "{\"newNonce\":\"" + base() + "/nonce\",\"newAccount\":\"" + base() + "/acct\","
                        + "\"newOrder\":\"" + base() + "/order\",\"revokeCert\":\"" + base() + "/revoke\","
                        + "\"renewalInfo\":\"" + base() + "/renewalInfo\",\"meta\":{}}");
            } else if (path.equals("/nonce")) {
                ex.sendResponseHeaders(204, -1);
            } else if (path.startsWith("/renewalInfo/")) {
                renewalInfo(ex, path);
            } else {
                post(ex, path, payload(ex));
            }
        }
    }

    private void post(HttpExchange ex, String path, JSON payload) throws IOException {
        switch (path) {
            case "/acct" -> {
                ex.getResponseHeaders().add("Location", base() + "/acct/1");
                json(ex, 201, "{\"status\":\"valid\",\"orders\":\"" + base() + "/acct/1/orders\"}");
            }
            case "/acct/1" -> json(ex, 200, "{\"status\":\"valid\",\"orders\":\"" + base() + "/acct/1/orders\"}");
            case "/order" -> newOrder(ex, payload);
            case "/order/1" -> json(ex, 200, order());
            case "/finalize/1" -> finalizeOrder(ex, payload);
            case "/cert/1" -> {
                byte[] body = certificatePem.getBytes(StandardCharsets.US_ASCII);
                ex.getResponseHeaders().add("Content-Type", "application/pem-certificate-chain");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            default -> problem(ex, 404, "malformed", "no such resource " + path);
        }
    }

    private void newOrder(HttpExchange ex, JSON payload) throws IOException {
        newOrders.add(payload);
        if (rateLimitRetryAfterSeconds > 0) {
            ex.getResponseHeaders().add("Retry-After", Long.toString(rateLimitRetryAfterSeconds));
            problem(ex, 429, "rateLimited", "too many new orders recently");
            return;
        }
        if (orderErrorType != null) {
            problem(ex, 400, orderErrorType, "the stub refuses this order: " + orderErrorType);
            return;
        }
        if (alreadyReplaced && payload.contains("replaces")) {
            problem(ex, 409, "alreadyReplaced", "the certificate was already replaced");
            return;
        }
        identifiers = payload.get("identifiers").asArray().stream()
                .map(v -> v.asObject().get("value").asString()).toList();
        orderStatus = "ready";
        ex.getResponseHeaders().add("Location", base() + "/order/1");
        json(ex, 201, order());
    }

    private void finalizeOrder(HttpExchange ex, JSON payload) throws IOException {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                    Base64.getUrlDecoder().decode(payload.get("csr").asString()));
            Instant now = Instant.now();
            var leaf = ca.issue(new JcaPKCS10CertificationRequest(csr).getPublicKey(), identifiers,
                    now.minusSeconds(60), now.plus(lifetime));
            certificatePem = Pem.write(leaf, ca.certificate());
            orderStatus = "valid";
            json(ex, 200, order());
        } catch (Exception e) {
            problem(ex, 400, "badCSR", String.valueOf(e));
        }
    }

    private void renewalInfo(HttpExchange ex, String path) throws IOException {
        renewalInfoPaths.add(path.substring("/renewalInfo/".length()));
        if (renewalInfoJson == null) {
            problem(ex, 404, "malformed", "no renewal information");
            return;
        }
        ex.getResponseHeaders().add("Retry-After", Long.toString(renewalInfoRetryAfterSeconds));
        json(ex, 200, renewalInfoJson);
    }

    private String order() {
        String ids = String.join(",", identifiers.stream().map(i -> "{\"type\":\"dns\",\"value\":\"" + i + "\"}").toList());
        return "{\"status\":\"" + orderStatus + "\",\"identifiers\":[" + ids + "],\"authorizations\":[],"
                + "\"finalize\":\"" + base() + "/finalize/1\""
                + ("valid".equals(orderStatus) ? ",\"certificate\":\"" + base() + "/cert/1\"" : "") + "}";
    }

    private static JSON payload(HttpExchange ex) throws IOException {
        JSON jws = JSON.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String payload = new String(Base64.getUrlDecoder().decode(jws.get("payload").asString()), StandardCharsets.UTF_8);
        return payload.isEmpty() ? JSON.empty() : JSON.parse(payload);
    }

    private String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json", body);
    }

    private static void problem(HttpExchange ex, int status, String type, String detail) throws IOException {
        send(ex, status, "application/problem+json", "{\"type\":\"urn:ietf:params:acme:error:" + type
                + "\",\"detail\":\"" + detail + "\",\"status\":" + status + "}");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
