package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.challenge.ChallengeStoreException;
import dev.mtasts.store.StoreException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cluster roles while nothing answers on the database's port (a stopped PostgreSQL). */
class UnreachableDatabaseTest {

    private static final Duration POLL = Duration.ofMillis(200);

    @Test
    void theFeedMarksTheStoreDownAndKeepsPolling() throws Exception {
        Health health = new Health();
        try (Database db = unreachable(health)) {
            PgChallengeStore challenges = new PgChallengeStore(db, "node-a", POLL, Clock.systemUTC());
            try (ChangeFeed feed = new ChangeFeed(db, challenges, "node-a", "test", POLL, Clock.systemUTC())) {
                feed.start();

                assertTrue(PgChallengeStoreTest.eventually(() -> !health.up(), Duration.ofSeconds(3)));
                assertTrue(health.lastError().contains("database unreachable"), health.lastError());
            }
        }
    }

    @Test
    void takingALeaseFailsAtOnceInsteadOfWaiting() throws Exception {
        try (Database db = unreachable(new Health());
                PgLocker locker = new PgLocker(db, "node-a", Clock.systemUTC(), new Random())) {
            StoreException e = assertThrows(StoreException.class,
                    () -> locker.acquire("example.org", Duration.ofSeconds(2)));

            assertTrue(e.getMessage().startsWith("taking the lease of example.org: database unreachable"),
                    e.getMessage());
        }
    }

    @Test
    void offeringAnAnswerFailsAndLookupsStillAnswerFromMemory() throws Exception {
        try (Database db = unreachable(new Health())) {
            PgChallengeStore challenges = new PgChallengeStore(db, "node-a", POLL, Clock.systemUTC());

            assertThrows(ChallengeStoreException.class, () -> challenges.putHttp01("tok", "tok.thumbprint"));

            assertEquals(Optional.empty(), challenges.http01("tok"));
            assertFalse(challenges.tlsAlpn01("mta-sts.example.org").isPresent());
        }
    }

    /** A database on a local port where nothing listens (taken and closed again). */
    private static Database unreachable(Health health) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresSettings settings = new PostgresSettings("postgresql://mtasts@127.0.0.1:" + port + "/mtasts",
                Optional.empty(), Optional.empty(), "node-a", POLL, Duration.ofMillis(300));
        return new Database(settings, health);
    }
}
