package dev.mtasts.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpiryWarningsTest {

    private static final Instant NOT_AFTER = Instant.parse("2027-03-01T00:00:00Z");
    private final ExpiryWarnings warnings = new ExpiryWarnings();

    /** What a daily check would warn about, from {@code fromDays} left down to {@code toDays}. */
    private List<Integer> daily(String key, Instant notAfter, int fromDays, int toDays) {
        List<Integer> warned = new ArrayList<>();
        for (int left = fromDays; left >= toDays; left--) {
            warnings.crossed(key, notAfter, notAfter.minus(Duration.ofDays(left))).ifPresent(warned::add);
        }
        return warned;
    }

    @Test
    void warnsOnceAtSixtyThirteenAndFourDaysLeft() {
        assertEquals(List.of(60, 13, 4), daily("mx", NOT_AFTER, 90, 0));
    }

    @Test
    void checksEveryFewMinutesStillWarnOncePerThreshold() {
        int warned = 0;
        for (Instant now = NOT_AFTER.minus(Duration.ofDays(14)); now.isBefore(NOT_AFTER); now = now.plus(Duration.ofMinutes(10))) {
            warned += warnings.crossed("mx", NOT_AFTER, now).isPresent() ? 1 : 0;
        }
        assertEquals(3, warned); // 60 on first sight, then 13 and 4
    }

    @Test
    void aCertificateFirstSeenCloseToItsEndWarnsTheNearestThresholdOnly() {
        assertEquals(OptionalInt.of(13), warnings.crossed("mx", NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(10))));
        assertEquals(List.of(4), daily("mx", NOT_AFTER, 9, 1));
    }

    @Test
    void aRenewedCertificateArmsTheWarningsAgain() {
        daily("mx", NOT_AFTER, 20, 5);
        Instant renewed = NOT_AFTER.plus(Duration.ofDays(85));
        assertEquals(OptionalInt.empty(), warnings.crossed("mx", renewed, NOT_AFTER.minus(Duration.ofDays(5))));
        assertEquals(List.of(60, 13), daily("mx", renewed, 61, 13));
    }

    @Test
    void aForgottenMxWarnsAgainWhenItComesBack() {
        daily("mx", NOT_AFTER, 10, 10);
        warnings.retain(Set.of("other"));
        assertEquals(List.of(13), daily("mx", NOT_AFTER, 10, 10));
    }
}
