package dev.mtasts.policy;

import java.util.Optional;

/** The policy {@code mode} of RFC 8461 §5. */
public enum Mode {
    ENFORCE("enforce"),
    TESTING("testing"),
    NONE("none");

    private final String token;

    Mode(String token) {
        this.token = token;
    }

    /** The exact, case-sensitive value used in a policy file. */
    public String token() {
        return token;
    }

    /** Parses an exact policy value; {@code "Enforce"} is not a mode. */
    public static Optional<Mode> fromToken(String value) {
        for (Mode m : values()) {
            if (m.token.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return token;
    }
}
