package dev.mtasts.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations (and sizes) written for humans: {@code 86400}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 7d}, {@code 2w}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,10})([smhdw]?)");

    private Durations() {
    }

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,10})\\s*(|B|KiB|MiB|GiB)");

    /** Sizes written for humans: {@code 65536}, {@code 512KiB}, {@code 5MiB}, {@code 1GiB} (powers of 1024). */
    public static Optional<Long> parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        return Optional.of(n << shift);
    }

    public static Optional<Long> parseSeconds(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            case "w" -> 604_800;
            default -> 1;
        };
        return Optional.of(n * unit);
    }
}
