package dev.mtasts.acme;

import dev.mtasts.store.IssuerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The breaker of one issuer. Closed: every order may go to it. An issuer fault opens it: the issuer is
 * skipped, except for one probe (a real order) per {@code probeInterval}; the first answer from the CA
 * closes it again, so the next renewal goes back to the preferred issuer.
 */
public record CircuitBreaker(Duration probeInterval) {

    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(30);

    public CircuitBreaker {
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("the probe interval must be positive");
        }
    }

    /** Whether an order may go to the issuer now: closed, or open and a probe is due. */
    public boolean admits(IssuerState state, Instant now) {
        return !state.breakerOpen() || !state.nextProbe().orElse(Instant.MIN).isAfter(now);
    }

    /** The state after admitting an order at {@code now}: an open breaker's next probe moves one interval on. */
    public IssuerState admitted(IssuerState state, Instant now) {
        return state.breakerOpen()
                ? state.withBreaker(state.unavailableSince(), Optional.of(now.plus(probeInterval)), Optional.empty())
                : state;
    }

    /** The CA failed at {@code now}: open (or keep open) the breaker; the next probe is one interval away. */
    public IssuerState failed(IssuerState state, Instant now, String problem) {
        return state.withBreaker(state.unavailableSince().or(() -> Optional.of(now)),
                Optional.of(now.plus(probeInterval)), Optional.of(problem));
    }

    /** The CA answered: close the breaker. */
    public IssuerState answered(IssuerState state) {
        return state.withBreaker(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
