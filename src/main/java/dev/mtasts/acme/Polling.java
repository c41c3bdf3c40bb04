package dev.mtasts.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Waits for a challenge or order to reach a final status: the CA's Retry-After when it sends one, else
 * 250 ms doubling up to 3 s (acme4j's own wait is a flat 3 s, which makes every issuance seconds slower).
 */
final class Polling {

    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration LONGEST = Duration.ofSeconds(3);

    private Polling() {
    }

    /** Fetches until the status is one of {@code done} or {@code timeout} passed; returns the last status. */
    static Status await(PollableResource resource, Set<Status> done, Duration timeout)
            throws AcmeException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration delay = FIRST;
        while (true) {
            Optional<Instant> retryAfter = resource.fetch();
            Status status = resource.getStatus();
            if (done.contains(status) || System.nanoTime() >= deadline) {
                return status;
            }
            Duration wait = retryAfter.map(t -> Duration.between(Instant.now(), t))
                    .filter(d -> !d.isNegative()).orElse(delay);
            Thread.sleep(Math.min(wait.toMillis(), LONGEST.multipliedBy(10).toMillis()));
            delay = delay.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : delay.multipliedBy(2);
        }
    }
}
