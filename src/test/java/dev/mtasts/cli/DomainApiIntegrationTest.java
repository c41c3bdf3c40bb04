package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.server.ConfigSource;
import dev.mtasts.server.RunningServer;
import dev.mtasts.testing.RawHttpsClient;
import dev.mtasts.testing.TrustStores;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * The admin API on a real server (loopback, port 0): a domain added through {@code PUT /api/domains/...} is
 * served over HTTPS with its own SNI at once, replaced, removed, and still served after a restart; bad
 * requests change nothing.
 */
class DomainApiIntegrationTest {

    static final String CONFIG = """
            [server]
            certs_dir = "certs"

            [defaults]
            mode = "testing"
            mx = ["mx.provider.example"]
            max_age = 86400

            [domains."example.com"]
            mode = "enforce"
            mx = ["mail.example.com"]
            """;
    static final String TOKEN = "test-token-4f1c";
    private static final String POLICY_PATH = "/.well-known/mta-sts.txt";
    private static final String CUSTOMER = "example.net";

    @TempDir
    Path dir;
    private RunningServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("mta-sts.toml"), CONFIG);
        Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        server = start(dir, SettingValues.none().put(Setting.ADMIN_TOKEN_FILE, dir.resolve("admin.token")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A server from {@code dir/mta-sts.toml} on loopback ports, with these flags added. */
    static RunningServer start(Path dir, SettingValues flags) throws Exception {
        SettingValues all = flags.put(Setting.HTTPS_PORT, 0).put(Setting.HTTP_PORT, 0)
                .put(Setting.BIND, List.of("127.0.0.1")).put(Setting.ADMIN_PORT, freePort()).put(Setting.THREADS, 1)
                .put(Setting.DNS_CHECK_INTERVAL, 0L);
        Path file = dir.resolve("mta-sts.toml");
        ConfigSource source = () -> ConfigMerger.merge(Optional.of(new ConfigFileParser().parse(file)), all);
        ServeConfig config = source.load();
        return new ServerLauncher(config, source, Tuning.PRODUCTION).start();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> api(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ports().admin() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        return api(method, path, json, TOKEN);
    }

    private String policy(String domain) throws Exception {
        try (RawHttpsClient c = new RawHttpsClient(TrustStores.acceptingAny(), server.ports().https(), "mta-sts." + domain)) {
            RawHttpsClient.Response r = c.request("GET", POLICY_PATH, "mta-sts." + domain);
            assertEquals(200, r.status(), r.body());
            return r.body();
        }
    }

    private void assertNotServed(String domain) throws Exception {
        SSLContext any = TrustStores.acceptingAny();
        SSLException e = assertThrows(SSLException.class,
                () -> new RawHttpsClient(any, server.ports().https(), "mta-sts." + domain).close());
        assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
    }

    @Test
    void aDomainAddedThroughTheApiIsServedAtOnceThenReplacedThenRemoved() throws Exception {
        assertNotServed(CUSTOMER);

        HttpResponse<String> added = api("PUT", "/api/domains/" + CUSTOMER,
                "{\"mode\": \"enforce\", \"mx\": [\"mail.example.net\"], \"max_age\": 604800}");
        assertEquals(201, added.statusCode(), added.body());
        assertTrue(added.body().contains("\"origin\":\"api\""), added.body());
        assertEquals("version: STSv1\nmode: enforce\nmx: mail.example.net\nmax_age: 604800\n", policy(CUSTOMER));

        HttpResponse<String> replaced = api("PUT", "/api/domains/" + CUSTOMER,
                "{\"policy\": \"version: STSv1\\nmode: testing\\nmx: *.example.net\\nmax_age: 86400\\n\"}");
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("version: STSv1\nmode: testing\nmx: *.example.net\nmax_age: 86400\n", policy(CUSTOMER));

        HttpResponse<String> removed = api("DELETE", "/api/domains/" + CUSTOMER, null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertNotServed(CUSTOMER);
        assertEquals(404, api("DELETE", "/api/domains/" + CUSTOMER, null).statusCode());
        assertEquals(404, api("GET", "/api/domains/" + CUSTOMER, null).statusCode());
    }

    @Test
    void missingModeAndMaxAgeAreTheTemplatesAndAnEmptyBodyFollowsTheTemplate() throws Exception {
        assertEquals(201, api("PUT", "/api/domains/" + CUSTOMER, "{\"mx\": [\"mail.example.net\"]}").statusCode());
        assertEquals("version: STSv1\nmode: testing\nmx: mail.example.net\nmax_age: 86400\n", policy(CUSTOMER));

        HttpResponse<String> template = api("PUT", "/api/domains/" + CUSTOMER, "{}");
        assertEquals(200, template.statusCode(), template.body());
        assertTrue(template.body().contains("\"template\":true"), template.body());
        assertEquals("version: STSv1\nmode: testing\nmx: mx.provider.example\nmax_age: 86400\n", policy(CUSTOMER));
    }

    @Test
    void theListShowsEveryServedDomainWithItsOriginAndCertificate() throws Exception {
        api("PUT", "/api/domains/" + CUSTOMER, "{\"mx\": [\"mail.example.net\"]}");

        HttpResponse<String> list = api("GET", "/api/domains", null);

        assertEquals(200, list.statusCode());
        assertEquals("application/json", list.headers().firstValue("content-type").orElseThrow());
        List<AdminReplies.DomainRow> rows = AdminReplies.domains(list.body());
        assertEquals(List.of("example.com", CUSTOMER), rows.stream().map(AdminReplies.DomainRow::domain).toList());
        assertEquals(List.of("config", "api"), rows.stream().map(AdminReplies.DomainRow::origin).toList());
        assertTrue(rows.get(1).selfSigned());
        assertFalse(rows.get(1).notAfter().isEmpty());
        HttpResponse<String> one = api("GET", "/api/domains/EXAMPLE.com", null);
        assertEquals(200, one.statusCode());
        assertTrue(one.body().contains("\"domain\":\"example.com\""), one.body());
    }

    @Test
    void aDomainAddedThroughTheApiIsServedAfterARestart() throws Exception {
        assertEquals(201, api("PUT", "/api/domains/" + CUSTOMER, "{\"mode\": \"enforce\", \"mx\": [\"mail.example.net\"]}")
                .statusCode());
        server.close();
        server = null;

        server = start(dir, SettingValues.none().put(Setting.ADMIN_TOKEN_FILE, dir.resolve("admin.token")));

        assertEquals("version: STSv1\nmode: enforce\nmx: mail.example.net\nmax_age: 86400\n", policy(CUSTOMER));
        assertTrue(api("GET", "/api/domains/" + CUSTOMER, null).body().contains("\"origin\":\"api\""));
    }

    @Test
    void anInvalidPolicyGets400WithItsFindingsAndChangesNothing() throws Exception {
        HttpResponse<String> text = api("PUT", "/api/domains/" + CUSTOMER,
                "{\"policy\": \"version: STSv1\\nmode: enforce\\nmax_age: 86400\\n\"}");
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("\"findings\":[{\"severity\":\"CRITICAL\""), text.body());
        assertTrue(text.body().contains("\"rfc_section\":\"RFC 8461 §3.2\""), text.body());
        assertTrue(text.body().contains("needs at least one 'mx:' line"), text.body());

        HttpResponse<String> fields = api("PUT", "/api/domains/" + CUSTOMER, "{\"mode\": \"strict\", \"mx\": [\"1.2.3.4\"]}");
        assertEquals(400, fields.statusCode());
        assertTrue(fields.body().contains("mode is 'strict'"), fields.body());
        assertTrue(fields.body().contains("IP address"), fields.body());

        assertEquals(400, api("PUT", "/api/domains/" + CUSTOMER, "{\"mode\": \"enforce\"").statusCode());
        assertEquals(400, api("PUT", "/api/domains/" + CUSTOMER, "{\"colour\": \"blue\"}").statusCode());
        assertNotServed(CUSTOMER);
    }

    @Test
    void aBadDomainNameGets400() throws Exception {
        HttpResponse<String> r = api("PUT", "/api/domains/not_a_domain", "{\"mx\": [\"mail.example.net\"]}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("bad domain name"), r.body());
        assertEquals(400, api("PUT", "/api/domains/localhost", "{}").statusCode());
    }

    @Test
    void aConfigFileDomainCannotBeChangedOrRemoved() throws Exception {
        HttpResponse<String> put = api("PUT", "/api/domains/example.com", "{\"mode\": \"none\"}");
        assertEquals(409, put.statusCode());
        assertTrue(put.body().contains("config file"), put.body());
        assertEquals(409, api("DELETE", "/api/domains/example.com", null).statusCode());
        assertEquals("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n", policy("example.com"));
    }

    @Test
    void aBodyOverTheCapGets413() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.ports().admin())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/domains/" + CUSTOMER + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII); // at once: no body was sent
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("larger than 65536 bytes"), answer);
        }
        for (int i = 0; i < 3; i++) { // a client still sending when the answer comes gets it (the rest is dropped)
            HttpResponse<String> sent = api("PUT", "/api/domains/" + CUSTOMER,
                    "{\"policy\": \"" + "x".repeat(200_000) + "\"}");
            assertEquals(413, sent.statusCode());
        }
        assertNotServed(CUSTOMER);
    }

    @Test
    void aClientThatWaitsFor100ContinueGetsItAndIsAnswered() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.ports().admin())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("PUT /api/domains/" + CUSTOMER + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(interim, StandardCharsets.US_ASCII));
            out.write("{}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 201 Created"), answer);
        }
        assertEquals("version: STSv1\nmode: testing\nmx: mx.provider.example\nmax_age: 86400\n", policy(CUSTOMER));
    }

    @Test
    void aBodyThatIsNotJsonGets415() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ports().admin()
                + "/api/domains/" + CUSTOMER)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("mode: enforce")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode());
    }

    @Test
    void aMissingOrWrongTokenGets401WithTheBearerChallenge() throws Exception {
        HttpResponse<String> missing = api("GET", "/api/domains", null, null);
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("www-authenticate").orElseThrow().startsWith("Bearer"));
        HttpResponse<String> wrong = api("PUT", "/api/domains/" + CUSTOMER, "{}", TOKEN + "x");
        assertEquals(401, wrong.statusCode());
        assertNotServed(CUSTOMER);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.ports().admin() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    @Test
    void withoutATokenTheApiOfANonLoopbackAdminListenerIsLocked() throws Exception {
        server.close();
        server = null;
        Path other = dir.resolve("wide");
        Files.createDirectories(other);
        Files.writeString(other.resolve("mta-sts.toml"), CONFIG);
        server = start(other, SettingValues.none().put(Setting.ADMIN_BIND, "0.0.0.0"));

        HttpResponse<String> r = api("PUT", "/api/domains/" + CUSTOMER, "{}", null);

        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("admin_token_file"), r.body());
        assertEquals(403, api("GET", "/api/domains", null, "anything").statusCode());
        assertNotServed(CUSTOMER);
    }
}
