package dev.mtasts.config;

import java.util.Objects;

/** A secret value (a key): compared by value, but never shown by {@link #toString()}, so never logged. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
