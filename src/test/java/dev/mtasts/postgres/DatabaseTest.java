package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.StoreException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The database going away, without a database: a closed port and one that accepts and never answers. */
class DatabaseTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aDatabaseOnAClosedPortBuildsAndItsCallsFailQuicklyAsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertUnreachable(port);
    }

    @Test
    void aDatabaseThatAcceptsButNeverAnswersDoesNotHoldACallerLongerThanTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            assertUnreachable(silent.getLocalPort());
        }
    }

    private static void assertUnreachable(int port) {
        Health health = new Health();
        PostgresSettings settings = new PostgresSettings("postgresql://mtasts@127.0.0.1:" + port + "/mtasts",
                Optional.of("pw"), Optional.empty(), "node-a", PostgresSettings.POLL_INTERVAL, CONNECT_TIMEOUT);
        try (Database db = new Database(settings, health)) {
            assertTrue(health.up());
            long start = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> db.call("read something", c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                    return r.next();
                }
            }));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(e.getMessage().startsWith("read something: database unreachable"), e.getMessage());
            assertTrue(took.compareTo(CONNECT_TIMEOUT.plusSeconds(2)) < 0, "took " + took);
            assertFalse(health.up());
            assertEquals(e.getMessage(), health.lastError());
        }
    }

    @Test
    void describeShowsTheUrlWithoutThePassword() {
        PostgresSettings settings = new PostgresSettings("postgresql://mtasts@db.example:6432/certs?sslmode=require",
                Optional.of("s3cret"), Optional.empty(), "node-a");
        try (Database db = new Database(settings, new Health())) {
            assertEquals("postgresql://mtasts@db.example:6432/certs?sslmode=require", db.describe());
        }
    }
}
