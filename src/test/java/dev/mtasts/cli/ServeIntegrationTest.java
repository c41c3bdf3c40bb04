package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.server.ConfigSource;
import dev.mtasts.server.RunningServer;
import dev.mtasts.testing.RawHttpsClient;
import dev.mtasts.testing.TrustStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real server on loopback (port 0) from a config file and fetches with real clients. */
class ServeIntegrationTest {

    private static final String POLICY_PATH = "/.well-known/mta-sts.txt";
    private static final String CONFIG = """
            [server]
            certs_dir = "certs"

            [defaults]
            mode = "testing"
            max_age = 86400

            [domains."example.com"]
            mode = "enforce"
            mx = ["mail.example.com", "*.backup.example.com"]

            [domains."example.org"]
            mx = ["mx.example.org"]
            """;

    @TempDir
    Path dir;
    private Path configFile;
    private RunningServer server;
    private SSLContext trust;

    @BeforeEach
    void start() throws Exception {
        configFile = dir.resolve("mta-sts.toml");
        Files.writeString(configFile, CONFIG);
        SettingValues flags = ports();
        ConfigSource source = () -> ConfigMerger.merge(Optional.of(new ConfigFileParser().parse(configFile)), flags);
        ServeConfig config = source.load();
        server = new ServerLauncher(config, source, Tuning.PRODUCTION).start();
        trust = TrustStores.trusting(dir.resolve("certs/mta-sts.example.com/fullchain.pem"),
                dir.resolve("certs/mta-sts.example.org/fullchain.pem"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static SettingValues ports() throws java.io.IOException {
        // Port 0 disables the plain HTTP and admin listeners, so those get a free port found here.
        return SettingValues.none().put(Setting.HTTPS_PORT, 0).put(Setting.HTTP_PORT, freePort())
                .put(Setting.BIND, List.of("127.0.0.1")).put(Setting.ADMIN_PORT, freePort())
                .put(Setting.MAX_CONNECTIONS, 8).put(Setting.MAX_CONNECTIONS_PER_IP, 4).put(Setting.THREADS, 1)
                .put(Setting.DNS_CHECK_INTERVAL, 0L);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> fetch(String host, String method) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("https://" + host + ":" + server.ports().https() + POLICY_PATH);
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEachDomainsPolicyOverHttpsWithItsOwnCertificate() throws Exception {
        HttpResponse<String> com = fetch("mta-sts.example.com", "GET");
        assertEquals(200, com.statusCode());
        assertEquals("version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.com\nmax_age: 86400\n",
                com.body());
        assertEquals("text/plain; charset=utf-8", com.headers().firstValue("content-type").orElseThrow());
        assertEquals("max-age=60", com.headers().firstValue("cache-control").orElseThrow());
        HttpResponse<String> org = fetch("mta-sts.example.org", "GET");
        assertEquals(200, org.statusCode());
        assertEquals("version: STSv1\nmode: testing\nmx: mx.example.org\nmax_age: 86400\n", org.body());
    }

    @Test
    void aCertificateForAnotherHostOrWithAForeignKeyIsNotSwappedIn() throws Exception {
        dev.mtasts.store.SelfSignedCertificates certificates = new dev.mtasts.store.SelfSignedCertificates(
                java.time.Clock.systemUTC(), new java.security.SecureRandom());
        java.security.cert.X509Certificate served = server.registry().current().certificate("mta-sts.example.com").leaf();
        server.runtime().installCertificate("example.com", certificates.create("mta-sts.example.net"));
        dev.mtasts.store.CertifiedKey own = certificates.create("mta-sts.example.com");
        dev.mtasts.store.CertifiedKey other = certificates.create("mta-sts.example.com");
        server.runtime().installCertificate("example.com", new dev.mtasts.store.CertifiedKey(other.key(), own.chain()));
        assertEquals(served, server.registry().current().certificate("mta-sts.example.com").leaf());

        server.runtime().installCertificate("example.com", own);
        assertEquals(own.leaf(), server.registry().current().certificate("mta-sts.example.com").leaf());
    }

    @Test
    void headAnswersHeadersWithoutBody() throws Exception {
        try (RawHttpsClient c = new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com")) {
            RawHttpsClient.Response r = c.request("HEAD", POLICY_PATH, "mta-sts.example.com");
            assertEquals(200, r.status());
            assertEquals("90", r.header("content-length"));
            assertEquals("", r.body());
            // The connection stays usable: a HEAD response must not carry the body.
            assertEquals(200, c.request("GET", POLICY_PATH, "mta-sts.example.com").status());
        }
    }

    @Test
    void otherMethodsGet405WithAllow() throws Exception {
        HttpResponse<String> r = fetch("mta-sts.example.com", "POST");
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void otherPathsGet404() throws Exception {
        try (RawHttpsClient c = new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com")) {
            assertEquals(404, c.request("GET", "/", "mta-sts.example.com").status());
            assertEquals(404, c.request("GET", "/.well-known/mta-sts.txt.bak", "mta-sts.example.com").status());
            assertEquals(200, c.request("GET", POLICY_PATH + "?x=1", "mta-sts.example.com").status());
        }
    }

    @Test
    void hostDifferentFromSniGets421AndUnknownHost404() throws Exception {
        try (RawHttpsClient c = new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com")) {
            assertEquals(421, c.request("GET", POLICY_PATH, "mta-sts.example.org").status());
            assertEquals(404, c.request("GET", POLICY_PATH, "mta-sts.example.net").status());
            assertEquals(200, c.request("GET", POLICY_PATH, "MTA-STS.Example.COM.:443").status());
        }
    }

    @Test
    void unknownSniIsRefusedWithUnrecognizedName() {
        SSLException e = assertThrows(SSLException.class,
                () -> new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.net").close());
        assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
    }

    @Test
    void missingSniIsRefused() {
        SSLException e = assertThrows(SSLException.class,
                () -> new RawHttpsClient(trust, server.ports().https(), null).close());
        assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
    }

    @Test
    void onlyTls12AndNewerAreNegotiated() throws Exception {
        try (RawHttpsClient c = new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com")) {
            assertEquals("TLSv1.3", c.socket().getSession().getProtocol());
            assertEquals("http/1.1", c.socket().getApplicationProtocol());
        }
        SSLContext tls12 = TrustStores.trusting(dir.resolve("certs/mta-sts.example.com/fullchain.pem"));
        var socket = (javax.net.ssl.SSLSocket) tls12.getSocketFactory().createSocket("mta-sts.example.com",
                server.ports().https());
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.startHandshake();
        assertEquals("TLSv1.2", socket.getSession().getProtocol());
        assertTrue(socket.getSession().getCipherSuite().contains("ECDHE"), socket.getSession().getCipherSuite());
        socket.close();
    }

    @Test
    void reloadSwapsPolicyUnderAnOpenKeepAliveConnection() throws Exception {
        try (RawHttpsClient c = new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.org")) {
            assertTrue(c.request("GET", POLICY_PATH, "mta-sts.example.org").body().contains("mode: testing"));
            Files.writeString(configFile, CONFIG.replace("mode = \"testing\"", "mode = \"enforce\""));
            assertTrue(server.runtime().reload("test"));
            RawHttpsClient.Response after = c.request("GET", POLICY_PATH, "mta-sts.example.org");
            assertEquals(200, after.status());
            assertTrue(after.body().contains("mode: enforce"), after.body());
        }
    }

    @Test
    void fileChangeTriggersReloadWithoutSignal() throws Exception {
        Files.writeString(configFile, CONFIG.replace("mx.example.org", "mx2.example.org"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String body = "";
        while (System.nanoTime() < deadline && !body.contains("mx2")) {
            Thread.sleep(100);
            body = fetch("mta-sts.example.org", "GET").body();
        }
        assertTrue(body.contains("mx: mx2.example.org"), body);
    }

    @Test
    void replacedCertificateFilesAreServedAfterReload() throws Exception {
        var store = new dev.mtasts.store.FileStorage(dir.resolve("certs"));
        var fresh = new dev.mtasts.store.SelfSignedCertificates(java.time.Clock.systemUTC(), new java.security.SecureRandom())
                .create("mta-sts.example.org");
        store.save("example.org", fresh);
        assertTrue(server.runtime().reload("test"));
        SSLContext trustFresh = TrustStores.trusting(dir.resolve("certs/mta-sts.example.org/fullchain.pem"));
        try (RawHttpsClient c = new RawHttpsClient(trustFresh, server.ports().https(), "mta-sts.example.org")) {
            var presented = (java.security.cert.X509Certificate) c.socket().getSession().getPeerCertificates()[0];
            assertEquals(fresh.leaf(), presented);
        }
    }

    @Test
    void certificateThatDoesNotMatchItsKeyIsRefusedOnReload() throws Exception {
        Path org = dir.resolve("certs/mta-sts.example.org");
        Files.copy(dir.resolve("certs/mta-sts.example.com/privkey.pem"), org.resolve("privkey.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(!server.runtime().reload("test"));
        assertEquals(200, fetch("mta-sts.example.org", "GET").statusCode());
    }

    @Test
    void invalidReloadIsRefusedAndOldPolicyKeepsServing() throws Exception {
        Files.writeString(configFile, CONFIG.replace("mode = \"enforce\"", "mode = \"enforcing\""));
        assertTrue(!server.runtime().reload("test"));
        HttpResponse<String> r = fetch("mta-sts.example.com", "GET");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("mode: enforce\n"));
        String metrics = new String(server.metrics().scrape());
        assertTrue(metrics.contains("mtasts_config_reloads_total{result=\"failed\"}"), metrics);
    }

    @Test
    void reloadReportsEveryChangedSettingAsLiveOrNeedingARestart() throws Exception {
        java.util.List<dev.mtasts.config.ConfigChanges> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.runtime().addChangeListener((previous, next, changes) -> seen.add(changes));
        Files.writeString(configFile, CONFIG.replace("certs_dir = \"certs\"",
                "certs_dir = \"certs\"\nadmin_bind = \"127.0.0.2\"\naccess_log = true\n[drift]\npublish_id = false"));
        assertTrue(server.runtime().reload("test"));
        dev.mtasts.config.ConfigChanges changes = seen.get(seen.size() - 1);
        assertEquals(List.of("admin_bind"), changes.needingRestart().stream()
                .map(dev.mtasts.config.ConfigChanges.Change::key).toList());
        assertTrue(changes.applies(Setting.ACCESS_LOG), changes.toString());
        assertEquals("127.0.0.2", server.runtime().config().listeners().adminBind());
        assertEquals(200, fetch("mta-sts.example.com", "GET").statusCode());
    }

    @Test
    void aReloadedIdleTimeoutAppliesToTheNextConnections() throws Exception {
        Files.writeString(configFile, CONFIG.replace("certs_dir = \"certs\"", "certs_dir = \"certs\"\nidle_timeout = 1"));
        assertTrue(server.runtime().reload("test"));
        assertEquals(1, server.runtime().config().limits().idleTimeoutSeconds());
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", server.ports().https())) {
            silent.setSoTimeout(10_000); // the default idle timeout (60 s) would outlast this
            long start = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read(), "closed by the server without an answer");
            assertTrue(System.nanoTime() - start < 9_000_000_000L);
        }
        assertEquals(200, fetch("mta-sts.example.com", "GET").statusCode());
    }

    @Test
    void plainHttpRedirectsPolicyHostsAndAnswersAcmeChallenges() throws Exception {
        server.challenges().putHttp01("tok123", "tok123.thumbprint");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://mta-sts.example.com:" + server.ports().http();
        HttpResponse<String> redirect = client.send(HttpRequest.newBuilder(URI.create(base + POLICY_PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(301, redirect.statusCode());
        assertEquals("https://mta-sts.example.com" + POLICY_PATH, redirect.headers().firstValue("location").orElseThrow());
        HttpResponse<String> challenge = client.send(HttpRequest.newBuilder(
                URI.create(base + "/.well-known/acme-challenge/tok123")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, challenge.statusCode());
        assertEquals("tok123.thumbprint", challenge.body());
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(
                URI.create(base + "/.well-known/acme-challenge/other")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void adminListenerServesHealthAndMetrics() throws Exception {
        fetch("mta-sts.example.com", "GET");
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.ports().admin();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().contains("mtasts_http_requests_total{domain=\"example.com\",status=\"200\"} 1.0"),
                metrics.body());
        assertTrue(metrics.body().contains("mtasts_certificate_not_after_seconds{domain=\"example.org\"}"));
        assertTrue(metrics.body().contains("mtasts_tls_handshakes_total{result=\"ok\"}"));
    }

    @Test
    void connectionsOverThePerAddressCapAreClosedAtOnce() throws Exception {
        List<RawHttpsClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com"));
            }
            assertThrows(java.io.IOException.class,
                    () -> new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com").close());
            assertEquals(200, open.get(3).request("GET", POLICY_PATH, "mta-sts.example.com").status());
        } finally {
            for (RawHttpsClient c : open) {
                c.close();
            }
        }
        String metrics = new String(server.metrics().scrape());
        assertTrue(metrics.contains("mtasts_connections_refused_total{listener=\"https\"} 1.0"), metrics);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) { // the server sees the closes asynchronously
            try (RawHttpsClient again = new RawHttpsClient(trust, server.ports().https(), "mta-sts.example.com")) {
                assertEquals(200, again.request("GET", POLICY_PATH, "mta-sts.example.com").status());
                break;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void curlFetchesThePolicyWithSni() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(curl), "curl is installed by .ci/run");
        int port = server.ports().https();
        Process p = new ProcessBuilder(curl.toString(), "-sS", "--fail", "--max-time", "10",
                "--cacert", dir.resolve("certs/mta-sts.example.com/fullchain.pem").toString(),
                "--resolve", "mta-sts.example.com:" + port + ":127.0.0.1",
                "-w", "%{http_code} %{content_type}",
                "https://mta-sts.example.com:" + port + POLICY_PATH).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("version: STSv1\nmode: enforce\n"), out);
        assertTrue(out.endsWith("200 text/plain; charset=utf-8"), out);
        assertNull(null);
    }
}
