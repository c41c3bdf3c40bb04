package dev.mtasts.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written for humans: {@code 86400}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 7d}, {@code 2w}. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,10})([smhdw]?)");

    private Durations() {
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
