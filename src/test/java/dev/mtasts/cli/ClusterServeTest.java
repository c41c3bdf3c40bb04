package dev.mtasts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.backend.StorageBackend;
import dev.mtasts.config.ConfigMerger;
import dev.mtasts.config.ServeConfig;
import dev.mtasts.config.Setting;
import dev.mtasts.config.SettingValues;
import dev.mtasts.postgres.TestDatabase;
import dev.mtasts.server.ConfigSource;
import dev.mtasts.server.RunningServer;
import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.RuntimeDomain;
import dev.mtasts.store.SelfSignedCertificates;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code serve} replicas on one real PostgreSQL (run by src/test/lab/pg-lab.sh): a certificate
 * stored by anyone is served by every replica within a second or two, and serving never asks the database.
 */
@Tag("postgres")
class ClusterServeTest {

    private static final String DOMAIN = "example.com";
    private static final String HOST = "mta-sts." + DOMAIN;

    @TempDir
    Path dir;
    private TestDatabase db;
    private final List<RunningServer> replicas = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        Files.writeString(dir.resolve("password"), db.password());
        for (String node : List.of("node-a", "node-b")) {
            replicas.add(replica(node));
        }
    }

    @AfterEach
    void stop() throws Exception {
        replicas.forEach(RunningServer::close);
        db.close();
    }

    private RunningServer replica(String node) throws Exception {
        return replica(node, "mail.example.com");
    }

    private RunningServer replica(String node, String mx) throws Exception {
        SettingValues flags = SettingValues.none().put(Setting.DOMAIN, List.of(DOMAIN))
                .put(Setting.MX, List.of(mx)).put(Setting.HTTPS_PORT, 0).put(Setting.HTTP_PORT, 0)
                .put(Setting.ADMIN_PORT, 0).put(Setting.BIND, List.of("127.0.0.1")).put(Setting.THREADS, 1)
                .put(Setting.DNS_CHECK_INTERVAL, 0L).put(Setting.CERTS_DIR, dir.resolve(node))
                .put(Setting.STORAGE_URL, db.url()).put(Setting.STORAGE_PASSWORD_FILE, dir.resolve("password"))
                .put(Setting.NODE_NAME, node);
        ConfigSource source = () -> ConfigMerger.merge(Optional.empty(), flags);
        ServeConfig config = source.load();
        return new ServerLauncher(config, source, Tuning.PRODUCTION).start();
    }

    @Test
    void aCertificateStoredInTheDatabaseIsServedByEveryReplicaWithinTwoSeconds() throws Exception {
        CertifiedKey first = certificate(Instant.now());
        store(first);
        awaitServed(first, Duration.ofSeconds(2));
        CertifiedKey renewed = certificate(Instant.now().plus(Duration.ofDays(1)));
        Instant stored = Instant.now();
        store(renewed);
        Duration slowest = awaitServed(renewed, Duration.ofSeconds(2));
        System.out.println("measured: propagation to both replicas " + Duration.between(stored, Instant.now()).toMillis()
                + " ms (slowest replica " + slowest.toMillis() + " ms after the store)");
    }

    @Test
    void aDomainAddedOnOneReplicaIsServedByTheOtherWithinTwoSecondsAndRemovedAlike() throws Exception {
        RuntimeDomain added = new RuntimeDomain("customer.example", Optional.of(Policy.of(Mode.ENFORCE,
                List.of("mx.customer.example"), 86400)), RuntimeDomain.Origin.API, Instant.now());
        Instant start = Instant.now();
        replicas.get(0).runtime().putDomain(added);
        awaitHost(replicas.get(1), "mta-sts.customer.example", true, Duration.ofSeconds(2));
        System.out.println("measured: added domain served by the other replica after "
                + Duration.between(start, Instant.now()).toMillis() + " ms");
        assertEquals(added.policy().orElseThrow(),
                replicas.get(1).registry().current().forHost("mta-sts.customer.example").config().policy());

        replicas.get(1).runtime().removeDomain("customer.example");
        awaitHost(replicas.get(0), "mta-sts.customer.example", false, Duration.ofSeconds(2));
    }

    private static void awaitHost(RunningServer replica, String host, boolean served, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        while ((replica.registry().current().forHost(host) != null) != served) {
            assertTrue(Instant.now().isBefore(end), host + (served ? " not served" : " still served") + " within " + limit);
            Thread.sleep(50);
        }
    }

    @Test
    void servingPoliciesAndHandshakesNeverAsksTheDatabase() throws Exception {
        CertifiedKey pair = certificate(Instant.now());
        store(pair);
        awaitServed(pair, Duration.ofSeconds(2));
        RunningServer replica = replicas.get(0);
        long before = calls(replica);
        Thread.sleep(2000);
        long idle = calls(replica) - before;
        before = calls(replica);
        Instant end = Instant.now().plusSeconds(2);
        int handshakes = 0;
        while (Instant.now().isBefore(end)) {
            servedSerial(replica);
            handshakes++;
        }
        long underLoad = calls(replica) - before;
        System.out.println("measured: database calls in 2 s idle " + idle + ", in 2 s with " + handshakes
                + " handshakes and requests " + underLoad);
        assertTrue(handshakes > 20, "the load ran: " + handshakes);
        assertTrue(underLoad <= idle + 6, "database calls grew with the load: idle " + idle + ", loaded " + underLoad);
    }

    @Test
    void aReplicaServingOtherPoliciesIsCountedAndNamedOnTheStatusPage() throws Exception {
        awaitMetric(replicas.get(0), "mtasts_cluster_replicas{served=\"same\"} 2.0", Duration.ofSeconds(5));
        replicas.add(replica("node-c", "mx.example.net"));
        awaitMetric(replicas.get(0), "mtasts_cluster_replicas{served=\"different\"} 1.0", Duration.ofSeconds(5));
        String status;
        try (StorageBackend reader = database("reader")) {
            status = dev.mtasts.server.StatusPage.render(replicas.get(0).registry().current(), Optional.empty(), reader, java.time.Clock.systemUTC());
        }
        assertTrue(status.contains("replica node-c: ") && status.contains("serves DIFFERENT"), status);
        assertTrue(status.contains("replica node-b: ") && status.contains("serves the same policies"), status);
    }

    private static void awaitMetric(RunningServer replica, String line, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (!scrape(replica).contains(line)) {
            assertTrue(Instant.now().isBefore(end), "no '" + line + "' within " + limit + ":\n" + scrape(replica));
            Thread.sleep(100);
        }
    }

    private void store(CertifiedKey pair) throws Exception {
        try (StorageBackend writer = database("writer")) {
            writer.certificates().save(DOMAIN, pair);
        }
    }

    /** The test database as a process that is not a replica sees it (like {@code storage migrate}). */
    private StorageBackend database(String node) throws Exception {
        ServeConfig config = ConfigMerger.mergeAllowingNoDomain(Optional.empty(), SettingValues.none(),
                SettingValues.none().put(Setting.CERTS_DIR, dir.resolve(node)).put(Setting.STORAGE_URL, db.url())
                        .put(Setting.STORAGE_PASSWORD_FILE, dir.resolve("password")).put(Setting.NODE_NAME, node));
        return Backends.openShared(config.storage(), Clock.systemUTC());
    }

    private static CertifiedKey certificate(Instant now) throws Exception {
        return new SelfSignedCertificates(Clock.fixed(now, ZoneOffset.UTC), new SecureRandom()).create(HOST);
    }

    /** Waits until every replica serves {@code pair}; returns the wait. */
    private Duration awaitServed(CertifiedKey pair, Duration limit) throws Exception {
        Instant start = Instant.now();
        for (RunningServer replica : replicas) {
            while (true) {
                if (servedSerial(replica).equals(pair.leaf().getSerialNumber())) {
                    break;
                }
                assertTrue(Duration.between(start, Instant.now()).compareTo(limit) < 0,
                        "not served within " + limit + " by a replica");
                Thread.sleep(50);
            }
        }
        return Duration.between(start, Instant.now());
    }

    private static long calls(RunningServer replica) throws Exception {
        for (String line : scrape(replica).split("\n")) {
            if (line.startsWith("mtasts_storage_calls_total ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no mtasts_storage_calls_total in the metrics");
    }

    private static String scrape(RunningServer replica) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .write(out, replica.metrics().registry().scrape());
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A full handshake and one policy request; the serial of the certificate the replica presented. */
    /**
     * The serial of the certificate a full handshake gets: a fresh client context each time, since a resumed
     * session keeps the certificate it was made with (the server keeps one TLS context across renewals).
     */
    private BigInteger servedSerial(RunningServer replica) throws Exception {
        SSLContext tls = dev.mtasts.testing.TrustStores.acceptingAny();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", replica.ports().https()), 2000);
            socket.setSoTimeout(2000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(HOST)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            socket.getOutputStream().write(("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: " + HOST
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("HTTP/1.1 200 OK", answer.lines().findFirst().orElse(""));
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

}
