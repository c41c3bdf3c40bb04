package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class PgChallengeStoreTest {

    private static final Duration POLL = Duration.ofSeconds(1);

    @Test
    void anHttp01AnswerOfferedOnOneReplicaIsAnsweredByTheOtherWhenThePutReturns() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.running(test, "node-a", POLL, null);
                Replica b = Replica.running(test, "node-b", POLL, null)) {
            awaitLive(test, 2);

            a.challenges.putHttp01("tok", "tok.thumbprint");

            assertEquals(Optional.of("tok.thumbprint"), a.challenges.http01("tok"));
            assertEquals(Optional.of("tok.thumbprint"), b.challenges.http01("tok"), "node-b was waited for");

            a.challenges.removeHttp01("tok");

            assertEquals(Optional.empty(), a.challenges.http01("tok"));
            assertTrue(eventually(() -> b.challenges.http01("tok").isEmpty(), POLL.plusMillis(500)));
        }
    }

    @Test
    void aTlsAlpn01CertificateOfferedOnOneReplicaIsPresentedByTheOther() throws Exception {
        CertifiedKey challenge = new SelfSignedCertificates(Clock.systemUTC(), new SecureRandom())
                .create("mta-sts.example.org");
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.running(test, "node-a", POLL, null);
                Replica b = Replica.running(test, "node-b", POLL, null)) {
            awaitLive(test, 2);

            a.challenges.putTlsAlpn01("MTA-STS.example.org.", challenge);

            CertifiedKey presented = b.challenges.tlsAlpn01("mta-sts.example.org").orElseThrow();
            assertEquals(challenge.leaf(), presented.leaf());
            assertArrayEquals(challenge.key().getEncoded(), presented.key().getEncoded());

            a.challenges.removeTlsAlpn01("mta-sts.example.org");

            assertTrue(eventually(() -> b.challenges.tlsAlpn01("mta-sts.example.org").isEmpty(), POLL.plusMillis(500)));
        }
    }

    @Test
    void aReplicaThatStoppedPollingIsNotWaitedForLong() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.running(test, "node-a", POLL, null)) {
            try (Replica b = Replica.running(test, "node-b", POLL, null)) {
                awaitLive(test, 2);
            }
            Instant start = Instant.now();

            a.challenges.putHttp01("tok", "tok.thumbprint");

            Duration took = Duration.between(start, Instant.now());
            assertTrue(took.compareTo(PgChallengeStore.PROPAGATION_LIMIT.plusSeconds(1)) < 0, took.toString());
        }
    }

    @Test
    void expiredAnswersAreDroppedAtTheNextRefresh() throws Exception {
        try (TestDatabase test = TestDatabase.create(); Replica a = Replica.of(test, "node-a")) {
            a.challenges.putHttp01("tok", "tok.thumbprint");
            try (Connection c = test.connection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE challenges SET expires_at = now() - interval '1 second'");
            }

            a.challenges.refresh();

            assertEquals(Optional.empty(), a.challenges.http01("tok"));
        }
    }

    /** Waits until {@code count} replicas have recorded a poll in {@code nodes}. */
    static void awaitLive(TestDatabase test, int count) throws Exception {
        assertTrue(eventually(() -> {
            try (Connection c = test.connection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM nodes")) {
                r.next();
                return r.getInt(1) >= count;
            } catch (java.sql.SQLException e) {
                return false;
            }
        }, Duration.ofSeconds(3)), count + " replicas polled");
    }

    static boolean eventually(Supplier<Boolean> condition, Duration within) throws InterruptedException {
        Instant giveUp = Instant.now().plus(within);
        while (Instant.now().isBefore(giveUp)) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.get();
    }
}
