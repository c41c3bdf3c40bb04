package dev.mtasts.backend;

import java.time.Instant;
import java.util.Objects;

/**
 * A live replica of a cluster as the shared store last heard of it.
 *
 * @param name its node name
 * @param lastSeen when it last polled the store (the store's clock)
 * @param version its software version
 * @param served the digest of the domains and policy ids it serves (empty until it said)
 */
public record Replica(String name, Instant lastSeen, String version, String served) {

    public Replica {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(served, "served");
    }
}
