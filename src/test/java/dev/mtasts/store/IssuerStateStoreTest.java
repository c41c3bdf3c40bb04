package dev.mtasts.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issuer state on disk: text round trip, survival across store instances (a restart), bad files reported. */
class IssuerStateStoreTest {

    static final Instant T = Instant.parse("2026-12-03T10:00:00.123Z");

    @TempDir
    Path dir;

    static IssuerState sample() {
        return new IssuerState(Optional.of(T), Optional.of(T.plusSeconds(30)), Optional.of(T.plusSeconds(3600)),
                Optional.of("cannot reach the CA:\nConnection refused"), List.of(T, T.plusSeconds(1)),
                List.of(new IssuerState.FailedValidation("mta-sts.example.test", T)));
    }

    @Test
    void textRoundTripKeepsEveryField() {
        IssuerState back = IssuerStateText.read(IssuerStateText.write(sample()));
        assertEquals(sample().withBreaker(sample().unavailableSince(), sample().nextProbe(),
                Optional.of("cannot reach the CA: Connection refused")), back);
    }

    @Test
    void stateSurvivesANewStoreInstance() throws Exception {
        new FileIssuerStateStore(dir).update("ca1", s -> sample());
        IssuerState loaded = new FileIssuerStateStore(dir).load("ca1");
        assertEquals(sample().orders(), loaded.orders());
        assertTrue(loaded.breakerOpen());
        assertEquals(IssuerState.FRESH, new FileIssuerStateStore(dir).load("ca2"));
    }

    @Test
    void anUnreadableFileIsReportedNotReplaced() throws Exception {
        Files.createDirectories(dir.resolve("issuers"));
        Files.writeString(dir.resolve("issuers/ca1.state"), "order: yesterday\n");
        StoreException e = assertThrows(StoreException.class, () -> new FileIssuerStateStore(dir).load("ca1"));
        assertTrue(e.getMessage().contains("ca1.state"), e.getMessage());
        assertThrows(StoreException.class, () -> new FileIssuerStateStore(dir).update("ca1", s -> s));
        assertEquals("order: yesterday\n", Files.readString(dir.resolve("issuers/ca1.state")));
    }
}
