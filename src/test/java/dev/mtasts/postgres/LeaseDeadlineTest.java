package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LeaseDeadlineTest {

    private static final Instant SENT = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void heldUntilTheTimeLeftFromWhenTheStatementWasSentLessTheMargin() {
        LeaseDeadline deadline = LeaseDeadline.after(SENT, Duration.ofSeconds(20), Duration.ofSeconds(20));

        assertTrue(heldAt(deadline, SENT.plusSeconds(17)));
        assertFalse(heldAt(deadline, SENT.plusSeconds(18)), "20 s left less a 2 s margin");
    }

    @Test
    void aSlowAnswerShortensTheLocalViewInsteadOfExtendingIt() {
        // the answer came back 3 s after sending: the deadline still counts from the sending
        LeaseDeadline deadline = LeaseDeadline.after(SENT, Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertEquals(SENT.plusSeconds(9), deadline.at());
    }

    @Test
    void theDatabasesTimeLeftDecidesNotTheLeaseTimeAskedFor() {
        LeaseDeadline deadline = LeaseDeadline.after(SENT, Duration.ofSeconds(4), Duration.ofSeconds(10));

        assertFalse(heldAt(deadline, SENT.plusSeconds(3)));
    }

    @Test
    void theMarginIsATenthOfTheLeaseTimeAndAtMostFiveSeconds() {
        assertEquals(Duration.ofMillis(200), LeaseDeadline.margin(Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(5), LeaseDeadline.margin(Duration.ofMinutes(10)));
    }

    @Test
    void theDeadlineItselfIsNoLongerHeld() {
        LeaseDeadline deadline = LeaseDeadline.after(SENT, Duration.ofSeconds(2), Duration.ofSeconds(2));

        assertFalse(heldAt(deadline, deadline.at()));
        assertTrue(heldAt(deadline, deadline.at().minusMillis(1)));
    }

    private static boolean heldAt(LeaseDeadline deadline, Instant now) {
        return !deadline.passed(Clock.fixed(now, ZoneOffset.UTC).instant());
    }
}
