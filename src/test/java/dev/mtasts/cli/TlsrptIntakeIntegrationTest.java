package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.ConfigFileParser;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.server.ConfigSource;
import dev.mtasts.server.RunningServer;
import dev.mtasts.testing.TrustStores;
import dev.mtasts.tlsrpt.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --tlsrpt} on loopback: reports posted over HTTPS with real SNI get the codes of RFC 8460 §5.2 and
 * issue 15, only good ones are stored (once), the metrics count them, and policies keep being served meanwhile.
 */
class TlsrptIntakeIntegrationTest {

    private static final String CONFIG = """
            [server]
            certs_dir = "certs"

            [tlsrpt]
            enabled = true
            max_body = "64KiB"
            max_report = "1MiB"

            [domains."example.com"]
            mode = "enforce"
            mx = ["mail.example.com"]
            """;

    @TempDir
    Path dir;
    private RunningServer server;
    private HttpClient client;
    private Path configFile;

    @BeforeEach
    void start() throws Exception {
        configFile = dir.resolve("mta-sts.toml");
        Files.writeString(configFile, CONFIG);
        SettingValues flags = SettingValues.none().put(Setting.HTTPS_PORT, 0).put(Setting.HTTP_PORT, 0)
                .put(Setting.BIND, List.of("127.0.0.1")).put(Setting.ADMIN_PORT, 0).put(Setting.THREADS, 1)
                .put(Setting.DNS_CHECK_INTERVAL, 0L);
        ConfigSource source = () -> ConfigMerger.merge(Optional.of(new ConfigFileParser().parse(configFile)), flags);
        ServeConfig config = source.load();
        server = new ServerLauncher(config, source, Tuning.PRODUCTION).start();
        SSLContext trust = TrustStores.trusting(dir.resolve("certs/mta-sts.example.com/fullchain.pem"));
        client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String type, byte[] body) throws Exception {
        URI uri = URI.create("https://mta-sts.example.com:" + server.ports().https() + "/tlsrpt");
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() {
        return new String(server.metrics().scrape(), StandardCharsets.UTF_8);
    }

    private long storedReports() throws Exception {
        Path reports = dir.resolve("certs/tlsrpt/reports");
        try (var files = Files.list(reports)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    @Test
    void aGzipReportIsStoredOnceAndCountedWhileBadOnesGetTheirCodes() throws Exception {
        byte[] report = Fixtures.bytes(Fixtures.LARGE_SENDER);
        CompletableFuture<HttpResponse<String>> policy = client.sendAsync(HttpRequest.newBuilder(URI.create(
                "https://mta-sts.example.com:" + server.ports().https() + "/.well-known/mta-sts.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> stored = post("application/tlsrpt+gzip", Fixtures.gzip(report));
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals("report 133771234567890+example.com stored\n", stored.body());
        assertEquals(200, policy.get().statusCode());
        HttpResponse<String> again = post("application/tlsrpt+json", report);
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("received before"), again.body());

        assertEquals(415, post("application/json", report).statusCode());
        byte[] big = new byte[65 * 1024];
        Arrays.fill(big, (byte) ' ');
        assertEquals(413, post("application/tlsrpt+json", big).statusCode());
        HttpResponse<String> bomb = post("application/tlsrpt+gzip", Fixtures.gzipBomb(32));
        assertEquals(413, bomb.statusCode());
        assertEquals("the decompressed report is larger than 1048576 bytes\n", bomb.body());
        byte[] gz = Fixtures.gzip(report);
        HttpResponse<String> truncated = post("application/tlsrpt+gzip", Arrays.copyOf(gz, gz.length / 2));
        assertEquals(400, truncated.statusCode());
        assertEquals("bad report: the gzip body is truncated\n", truncated.body());
        assertEquals(400, post("application/tlsrpt+json", "{\"report-id\":".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<String> unknown = post("application/tlsrpt+json", Fixtures.bytes(Fixtures.RFC_EXAMPLE));
        assertEquals(404, unknown.statusCode());
        assertEquals(1, storedReports());

        String m = metrics();
        assertTrue(m.contains("mtasts_tlsrpt_sessions_total{domain=\"example.com\",result=\"success\"} 1230.0"), m);
        assertTrue(m.contains("mtasts_tlsrpt_sessions_total{domain=\"example.com\",result=\"failure\"} 7.0"), m);
        assertTrue(m.contains("mtasts_tlsrpt_failures_total{domain=\"example.com\",result_type=\"sts-policy-fetch-error\"} 4.0"), m);
        assertTrue(m.contains("mtasts_tlsrpt_reports_total{domain=\"example.com\",organization=\"Large Mail Provider Inc.\"} 1.0"), m);
        assertTrue(m.contains("mtasts_tlsrpt_last_report_timestamp_seconds{domain=\"example.com\"}"), m);
        assertEquals(200, policy.get().statusCode());
    }

    @Test
    void aChunkedBodyWithoutALengthIsCappedWhileItArrivesAndTheConnectionStaysUsable() throws Exception {
        URI uri = URI.create("https://mta-sts.example.com:" + server.ports().https() + "/tlsrpt");
        byte[] big = new byte[200 * 1024];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(uri).header("Content-Type",
                "application/tlsrpt+json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        assertEquals("the report body is larger than 65536 bytes\n", chunked.body());
        HttpResponse<String> small = client.send(HttpRequest.newBuilder(uri).header("Content-Type",
                "application/tlsrpt+json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(Fixtures.bytes(Fixtures.LARGE_SENDER)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, small.statusCode(), small.body());
    }

    @Test
    void aPostForAnotherHostThanTheSniIsMisdirectedAndAPostElsewhereIsNotAllowed() throws Exception {
        URI policyPath = URI.create("https://mta-sts.example.com:" + server.ports().https() + "/.well-known/mta-sts.txt");
        HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(policyPath).header("Content-Type",
                "application/tlsrpt+json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, elsewhere.statusCode());
    }

    @Test
    void aReportImportedFromMailIsCountedByTheRunningServerAndExplainedByReports() throws Exception {
        Path mail = dir.resolve("report.eml");
        Files.writeString(mail, dev.mtasts.tlsrpt.MailReportsTestSupport.message("application/tlsrpt+gzip",
                "report.json.gz", Fixtures.gzip(Fixtures.bytes(Fixtures.LARGE_SENDER))), StandardCharsets.US_ASCII);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"reports", "import", "--config", configFile.toString(),
            "--certs-dir", dir.resolve("certs").toString(), mail.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("stored"), out.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!metrics().contains("mtasts_tlsrpt_reports_total{domain=\"example.com\"") && System.nanoTime() < deadline) {
            Thread.sleep(100); // the watcher looks every few seconds: polled, with a deadline
        }
        assertTrue(metrics().contains("mtasts_tlsrpt_sessions_total{domain=\"example.com\",result=\"success\"} 1230.0"),
                metrics());

        StringWriter json = new StringWriter();
        assertEquals(0, Main.run(new String[] {"reports", "--json", "--since", "1d", "--config", configFile.toString(),
            "--certs-dir", dir.resolve("certs").toString()}, new PrintWriter(json), new PrintWriter(err)), err.toString());
        assertTrue(json.toString().contains("\"success\" : 1230"), json.toString());
        assertTrue(json.toString().contains("\"sts-policy-fetch-error\" : 4"), json.toString());
        assertTrue(json.toString().contains("mx-host is a string, not an array"), json.toString());
    }
}
