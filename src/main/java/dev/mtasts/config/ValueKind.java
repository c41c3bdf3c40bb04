package dev.mtasts.config;

import dev.mtasts.policy.Mode;
import dev.mtasts.policy.Policy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of a {@link Setting}: how its value is written in the config file (TOML), in an environment
 * variable or in {@link Defaults} (text), and which Java value it becomes.
 */
public enum ValueKind {
    /** A port, 0 to 65535 (0 disables the listener where that is allowed): Integer. */
    PORT("a port number 0 to 65535"),
    /** A count, 0 to 10,000,000 (0 = no limit, or automatic): Integer. */
    COUNT("a number 0 to 10000000"),
    /** A network timeout in whole seconds, 1 to 3600: Long. */
    TIMEOUT("seconds (1 to " + ValueKind.MAX_TIMEOUT_SECONDS + ") or a duration such as \"20s\" or \"1m\""),
    /** A duration in seconds, 0 or more: Long. */
    DURATION("seconds or a duration such as \"10m\", \"12h\" (0 disables)"),
    /** true or false: Boolean. */
    BOOLEAN("true or false"),
    /** A non-empty string: String. */
    TEXT("a non-empty string"),
    /** A non-empty string that is a key: {@link Secret}. */
    SECRET("a non-empty string"),
    /** A file or directory: Path (relative to the config file when written there). */
    PATH("a path"),
    /** A list of strings (comma-separated in the environment): List of String. */
    LIST("a list of strings, e.g. [\"a\", \"b\"] (in the environment: a,b)"),
    /** An MTA-STS policy mode: {@link Mode}. */
    MODE("\"enforce\", \"testing\" or \"none\""),
    /** A policy max_age: Long seconds, 0 to about one year. */
    MAX_AGE("seconds (0 to " + Policy.MAX_AGE_LIMIT + ") or a duration such as \"7d\""),
    /** A size in bytes, 1 byte to 1 GiB: Long. */
    SIZE("bytes (1 to 1 GiB) or a size such as \"512KiB\", \"5MiB\"");

    public static final int MAX_TIMEOUT_SECONDS = 3600;
    static final int MAX_COUNT = 10_000_000;
    static final long MAX_SIZE = 1L << 30;

    private final String expected;

    ValueKind(String expected) {
        this.expected = expected;
    }

    /** What a valid value looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** The value written as text (an environment variable, a default); empty when it is not valid. */
    public Optional<Object> parse(String text) {
        String t = text.trim();
        return switch (this) {
            case PORT -> integer(t).filter(n -> n >= 0 && n <= 65535).map(n -> (Object) n.intValue());
            case COUNT -> integer(t).filter(n -> n >= 0 && n <= MAX_COUNT).map(n -> (Object) n.intValue());
            case TIMEOUT -> Durations.parseSeconds(t).filter(ValueKind::timeout).map(n -> n);
            case DURATION -> Durations.parseSeconds(t).map(n -> n);
            case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
                case "true" -> Optional.of(true);
                case "false" -> Optional.of(false);
                default -> Optional.empty();
            };
            case TEXT -> t.isEmpty() ? Optional.empty() : Optional.of(t);
            case SECRET -> t.isEmpty() ? Optional.empty() : Optional.of(new Secret(t));
            case PATH -> t.isEmpty() ? Optional.empty() : Optional.of(Path.of(t));
            case LIST -> Optional.of(Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            case MODE -> Mode.fromToken(t).map(m -> m);
            case MAX_AGE -> Durations.parseSeconds(t).filter(n -> n <= Policy.MAX_AGE_LIMIT).map(n -> n);
            case SIZE -> Durations.parseBytes(t).filter(n -> n >= 1 && n <= MAX_SIZE).map(n -> n);
        };
    }

    /**
     * A value as the TOML parser returns it (Long, String, Boolean, or a list of strings already
     * unpacked); empty when it is not valid. Paths stay as written; the caller resolves relative ones.
     */
    public Optional<Object> fromToml(Object value) {
        return switch (this) {
            case PORT, COUNT, BOOLEAN, MODE, TEXT, SECRET, PATH -> value instanceof String || value instanceof Boolean
                    || value instanceof Long ? textual(value) : Optional.empty();
            case TIMEOUT, DURATION, MAX_AGE, SIZE -> value instanceof Long || value instanceof String
                    ? parse(String.valueOf(value)) : Optional.empty();
            case LIST -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)
                    ? Optional.of(List.copyOf(list)) : Optional.empty();
        };
    }

    /** Strings stay strings, numbers stay numbers and booleans stay booleans in TOML: no "443" for a port. */
    private Optional<Object> textual(Object value) {
        boolean typeFits = switch (this) {
            case PORT, COUNT -> value instanceof Long;
            case BOOLEAN -> value instanceof Boolean;
            default -> value instanceof String;
        };
        return typeFits ? parse(String.valueOf(value)) : Optional.empty();
    }

    private static boolean timeout(long seconds) {
        return seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS;
    }

    private static Optional<Long> integer(String t) {
        try {
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
