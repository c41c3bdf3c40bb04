package dev.mtasts.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a domain's lease, as the store last saw it.
 *
 * @param holder the node name of the holder
 * @param token the holder's fencing token
 * @param expiresAt when the lease ends unless renewed (the store's clock)
 */
public record LeaseHolder(String holder, long token, Instant expiresAt) {

    public LeaseHolder {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
