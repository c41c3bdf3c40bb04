package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class ChangeFeedTest {

    /** Through PgBouncer in transaction mode (how pg-lab.sh runs the second pass) LISTEN receives nothing. */
    private static final boolean LISTEN_WORKS = !"1".equals(System.getenv("MTA_STS_TEST_PG_SHARED_SCHEMA"));

    @Test
    void aCertificateWrittenByAnotherReplicaIsReportedWithinThePollInterval() throws Exception {
        Duration poll = Duration.ofSeconds(1);
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.running(test, "node-a", poll, null)) {
            assertAStoredCertificateIsReported(test, a, poll.plusMillis(500));
        }
    }

    @Test
    void aNotificationWakesTheFeedBeforeThePollIntervalWhenListenWorks() throws Exception {
        Duration poll = LISTEN_WORKS ? Duration.ofSeconds(30) : Duration.ofSeconds(1);
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.running(test, "node-a", poll, null)) {
            assertAStoredCertificateIsReported(test, a, LISTEN_WORKS ? Duration.ofSeconds(2) : poll.plusMillis(500));
        }
    }

    @Test
    void withoutNotificationsThePollStillDelivers() throws Exception {
        Duration poll = Duration.ofMillis(500);
        ChangeNotifications.Opener unavailable = () -> {
            throw new SQLException("LISTEN unavailable in this test", "08001");
        };
        try (TestDatabase test = TestDatabase.create();
                Replica a = Replica.running(test, "node-a", poll, unavailable)) {
            assertAStoredCertificateIsReported(test, a, poll.plusMillis(500));
        }
    }

    @Test
    void theFirstPollReportsEveryDomainAndLaterPollsOnlyTheChangedOnes() throws Exception {
        Duration poll = Duration.ofMillis(500);
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a")) {
            store(test, "example.org");
            store(test, "example.net");
            List<String> changed = watch(a);
            a.feed.start();
            assertTrue(PgChallengeStoreTest.eventually(() -> changed.size() >= 2, Duration.ofSeconds(2)));

            store(test, "example.net");

            assertTrue(PgChallengeStoreTest.eventually(() -> changed.size() >= 3, Duration.ofSeconds(2)));
            Thread.sleep(poll.toMillis());
            assertEquals(List.of("example.net", "example.org", "example.net"), changed);
        }
    }

    @Test
    void eachPollRecordsTheReplicaAndTheHighestChangeItApplied() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.running(test, "node-a",
                Duration.ofMillis(500), null)) {
            store(test, "example.org");
            long seq = one(test, "SELECT change_seq FROM certificates WHERE domain = 'example.org'");

            assertTrue(PgChallengeStoreTest.eventually(() -> {
                try {
                    return one(test, "SELECT seen_seq FROM nodes WHERE name = 'node-a'") >= seq;
                } catch (SQLException e) {
                    return false;
                }
            }, Duration.ofSeconds(2)));
        }
    }

    private static List<String> watch(Replica replica) {
        List<String> changed = new CopyOnWriteArrayList<>();
        replica.feed.watch(changed::add);
        return changed;
    }

    /** Once the feed has polled (and reported nothing), a certificate stored by another replica reaches its listener. */
    private static void assertAStoredCertificateIsReported(TestDatabase test, Replica replica, Duration within)
            throws Exception {
        List<String> changed = watch(replica);
        PgChallengeStoreTest.awaitLive(test, 1);

        store(test, "example.org");

        assertTrue(PgChallengeStoreTest.eventually(() -> changed.contains("example.org"), within), changed.toString());
    }

    /** A certificate row as another replica would store it (the trigger numbers and announces it). */
    private static void store(TestDatabase test, String domain) throws SQLException {
        try (Connection c = test.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO certificates (domain, fullchain, privkey, key_encrypted, serial, not_after,"
                    + " stored_by) VALUES ('" + domain + "', 'chain', 'key'::bytea, false, '01', now() + interval"
                    + " '1 day', 'node-x') ON CONFLICT (domain) DO UPDATE SET serial = '02'");
        }
    }

    private static long one(TestDatabase test, String sql) throws SQLException {
        try (Connection c = test.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : -1;
        }
    }
}
