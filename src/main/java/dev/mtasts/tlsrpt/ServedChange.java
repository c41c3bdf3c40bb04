package dev.mtasts.tlsrpt;

import java.time.Instant;
import java.util.Objects;

/** From {@code at} on, this server served {@code state} (until the domain's next change). */
public record ServedChange(Instant at, ServedState state) {

    public ServedChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
    }
}
