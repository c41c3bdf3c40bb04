package dev.mtasts.acme;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Waits for a challenge or order to reach a final status. Fetches at once, then waits the CA's
 * Retry-After whenever it sends one (at most {@link #LONGEST_RETRY_AFTER}), else 50 ms doubling up to
 * 3 s. A CA that validates quickly (Pebble, or Let's Encrypt on a good day) is seen within tens of
 * milliseconds; a slow one gets the same 3 s cadence as before after about 3 s, so the extra cost is
 * two or three small POST-as-GET requests per challenge. acme4j's own wait is a flat 3 s.
 */
final class Polling {

    static final Duration FIRST = Duration.ofMillis(50);
    static final Duration LONGEST = Duration.ofSeconds(3);
    static final Duration LONGEST_RETRY_AFTER = LONGEST.multipliedBy(10);

    /** Sleeps; the test one advances a fake clock instead. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;

    Polling(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The real one: the system clock and {@link Thread#sleep}. */
    static Status await(PollableResource resource, Set<Status> done, Duration timeout)
            throws AcmeException, InterruptedException {
        return new Polling(Clock.systemUTC(), d -> Thread.sleep(d.toMillis())).poll(resource, done, timeout);
    }

    /** Fetches until the status is one of {@code done} or {@code timeout} passed; returns the last status. */
    Status poll(PollableResource resource, Set<Status> done, Duration timeout)
            throws AcmeException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Duration delay = FIRST;
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            Status status = resource.getStatus();
            Instant now = clock.instant();
            if (done.contains(status) || !now.isBefore(deadline)) {
                return status;
            }
            Duration wait = retryAfter.map(t -> Duration.between(now, t)).filter(d -> !d.isNegative()).orElse(delay);
            sleeper.sleep(wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait);
            delay = next(delay);
        }
    }

    /** The next wait without Retry-After: double, at most {@link #LONGEST}. */
    static Duration next(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
    }
}
