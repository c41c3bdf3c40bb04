package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtasts.store.RenewalStatus;
import dev.mtasts.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop's scheduling with a clock the test moves: only due domains are checked, sleeps are bounded. */
class RenewalDaemonTest {

    static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    final MovableClock clock = new MovableClock(START);
    final List<String> checked = new ArrayList<>();

    RenewalDaemon daemon(Map<String, Duration> nextIn) {
        DomainCheck check = (domain, force) -> {
            checked.add(domain);
            return RenewalStatus.UNKNOWN.scheduled(clock.instant().plus(nextIn.get(domain)), "test");
        };
        return new RenewalDaemon(List.of("a.test", "b.test"), check, clock);
    }

    @Test
    void checksEveryDomainFirstThenOnlyTheDueOnes() throws Exception {
        try (RenewalDaemon daemon = daemon(Map.of("a.test", Duration.ofMinutes(10), "b.test", Duration.ofMinutes(40)))) {
            assertEquals(Duration.ofMinutes(10), daemon.tick());
            assertEquals(List.of("a.test", "b.test"), checked);

            clock.set(START.plus(Duration.ofMinutes(10)));
            assertEquals(Duration.ofMinutes(10), daemon.tick());
            assertEquals(List.of("a.test", "b.test", "a.test"), checked);
        }
    }

    @Test
    void sleepsAtMostAnHourAndAtLeastASecond() throws Exception {
        try (RenewalDaemon far = daemon(Map.of("a.test", Duration.ofDays(30), "b.test", Duration.ofDays(40)));
                RenewalDaemon near = daemon(Map.of("a.test", Duration.ZERO, "b.test", Duration.ofDays(1)))) {
            assertEquals(Duration.ofHours(1), far.tick());
            assertEquals(Duration.ofSeconds(1), near.tick());
        }
    }

    @Test
    void retriesADomainWhoseCheckThrewAfterAMinute() throws Exception {
        DomainCheck failing = (domain, force) -> {
            checked.add(domain);
            throw new IllegalStateException("bug");
        };
        try (RenewalDaemon daemon = new RenewalDaemon(List.of("a.test"), failing, clock)) {
            assertEquals(Duration.ofMinutes(1), daemon.tick());
            clock.set(START.plusSeconds(59));
            daemon.tick();
            assertEquals(1, checked.size());
        }
    }

    @Test
    void checksInTheOrderOfTheirNextCheck() throws Exception {
        try (RenewalDaemon daemon = daemon(Map.of("a.test", Duration.ofMinutes(30), "b.test", Duration.ofMinutes(20),
                "c.test", Duration.ofMinutes(10)))) {
            daemon.schedule("c.test", Instant.MIN);
            daemon.tick();
            checked.clear();
            clock.set(START.plus(Duration.ofMinutes(45)));
            daemon.tick();
            assertEquals(List.of("c.test", "b.test", "a.test"), checked);
        }
    }

    @Test
    void anAddedDomainIsCheckedAtTheNextTickAndTheOthersAreNotRechecked() throws Exception {
        try (RenewalDaemon daemon = daemon(Map.of("a.test", Duration.ofDays(1), "b.test", Duration.ofDays(1),
                "c.test", Duration.ofDays(2)))) {
            daemon.tick();
            checked.clear();
            daemon.schedule("c.test", Instant.MIN);
            assertEquals(Duration.ofHours(1), daemon.tick());
            assertEquals(List.of("c.test"), checked);
        }
    }

    @Test
    void aRemovedDomainIsNeverCheckedAgain() throws Exception {
        try (RenewalDaemon daemon = daemon(Map.of("a.test", Duration.ofMinutes(10), "b.test", Duration.ofMinutes(10)))) {
            daemon.tick();
            daemon.forget("a.test");
            checked.clear();
            clock.set(START.plus(Duration.ofDays(1)));
            daemon.tick();
            assertEquals(List.of("b.test"), checked);
        }
    }

    @Test
    void aTurnChecksAtMostItsShareAndAsksToContinueAtOnce() throws Exception {
        try (RenewalDaemon daemon = daemon(Map.of("a.test", Duration.ofMinutes(10), "b.test", Duration.ofMinutes(10)))) {
            assertEquals(Duration.ZERO, daemon.tick(1));
            assertEquals(List.of("a.test"), checked);
            assertEquals(Duration.ofMinutes(10), daemon.tick(1));
            assertEquals(List.of("a.test", "b.test"), checked);
        }
    }
}
