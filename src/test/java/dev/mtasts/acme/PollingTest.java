package dev.mtasts.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;

class PollingTest {

    private static final Set<Status> FINAL = EnumSet.of(Status.VALID, Status.INVALID);

    /** A fake clock that the sleeper moves forward, and the sleeps it was asked for. */
    private static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Long> sleptMillis = new ArrayList<>();

        Polling polling() {
            return new Polling(this, d -> {
                sleptMillis.add(d.toMillis());
                now = now.plus(d);
            });
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** PENDING for {@code pendingFetches} fetches, then VALID; each fetch may carry a Retry-After. */
    private static final class Resource implements PollableResource {
        final FakeTime time;
        final int pendingFetches;
        final Optional<Duration> retryAfter;
        int fetches;

        Resource(FakeTime time, int pendingFetches, Optional<Duration> retryAfter) {
            this.time = time;
            this.pendingFetches = pendingFetches;
            this.retryAfter = retryAfter;
        }

        @Override
        public Optional<Instant> fetch() {
            fetches++;
            return retryAfter.map(time.now::plus);
        }

        @Override
        public Status getStatus() {
            return fetches > pendingFetches ? Status.VALID : Status.PENDING;
        }
    }

    @Test
    void fetchesAtOnceAndReturnsWithoutSleepingWhenAlreadyFinal() throws Exception {
        FakeTime time = new FakeTime();
        Resource resource = new Resource(time, 0, Optional.empty());
        assertEquals(Status.VALID, time.polling().poll(resource, FINAL, Duration.ofMinutes(2)));
        assertEquals(1, resource.fetches);
        assertEquals(List.of(), time.sleptMillis);
    }

    @Test
    void startsAt50MillisAndDoublesUpToThreeSeconds() throws Exception {
        FakeTime time = new FakeTime();
        Resource resource = new Resource(time, 9, Optional.empty());
        assertEquals(Status.VALID, time.polling().poll(resource, FINAL, Duration.ofMinutes(2)));
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1600L, 3000L, 3000L, 3000L), time.sleptMillis);
    }

    @Test
    void waitsTheRetryAfterOfTheCaInsteadOfItsOwnDelay() throws Exception {
        FakeTime time = new FakeTime();
        Resource resource = new Resource(time, 2, Optional.of(Duration.ofSeconds(2)));
        assertEquals(Status.VALID, time.polling().poll(resource, FINAL, Duration.ofMinutes(2)));
        assertEquals(List.of(2000L, 2000L), time.sleptMillis);
    }

    @Test
    void capsAnExcessiveRetryAfter() throws Exception {
        FakeTime time = new FakeTime();
        Resource resource = new Resource(time, 1, Optional.of(Duration.ofHours(1)));
        time.polling().poll(resource, FINAL, Duration.ofHours(2));
        assertEquals(List.of(Polling.LONGEST_RETRY_AFTER.toMillis()), time.sleptMillis);
    }

    @Test
    void returnsTheLastStatusWhenTheTimeoutPasses() throws Exception {
        FakeTime time = new FakeTime();
        Resource resource = new Resource(time, Integer.MAX_VALUE, Optional.empty());
        assertEquals(Status.PENDING, time.polling().poll(resource, FINAL, Duration.ofSeconds(10)));
        // 50+100+200+400+800+1600+3000+3000 = 9150 ms, then one more 3 s wait passes the deadline
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1600L, 3000L, 3000L, 3000L), time.sleptMillis);
        assertEquals(10, resource.fetches);
    }
}
