package dev.mtasts.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text form of an {@link IssuerState}, one {@code key: value} per line (the file store writes it as a
 * file, the database as a text column):
 * <pre>
 * unavailable_since: 2026-12-03T10:00:00Z
 * next_probe: 2026-12-03T10:00:30Z
 * rate_limited_until: 2026-12-03T11:00:00Z
 * last_problem: cannot reach the CA: Connection refused
 * order: 2026-12-03T09:59:58Z
 * failed_validation: mta-sts.example.com 2026-12-03T09:58:00Z
 * </pre>
 */
public final class IssuerStateText {

    private IssuerStateText() {
    }

    public static String write(IssuerState state) {
        StringBuilder out = new StringBuilder();
        state.unavailableSince().ifPresent(t -> line(out, "unavailable_since", t.toString()));
        state.nextProbe().ifPresent(t -> line(out, "next_probe", t.toString()));
        state.rateLimitedUntil().ifPresent(t -> line(out, "rate_limited_until", t.toString()));
        state.lastProblem().ifPresent(p -> line(out, "last_problem", p.replaceAll("[\\r\\n]+", " ")));
        state.orders().forEach(t -> line(out, "order", t.toString()));
        state.failedValidations().forEach(f -> line(out, "failed_validation", f.host() + " " + f.at()));
        return out.toString();
    }

    /** @throws IllegalArgumentException naming the first line that is not understood */
    public static IssuerState read(String text) {
        Optional<Instant> since = Optional.empty();
        Optional<Instant> probe = Optional.empty();
        Optional<Instant> limited = Optional.empty();
        Optional<String> problem = Optional.empty();
        List<Instant> orders = new ArrayList<>();
        List<IssuerState.FailedValidation> failed = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException("line " + number + ": expected 'key: value'");
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 2).trim();
            try {
                switch (key) {
                    case "unavailable_since" -> since = Optional.of(Instant.parse(value));
                    case "next_probe" -> probe = Optional.of(Instant.parse(value));
                    case "rate_limited_until" -> limited = Optional.of(Instant.parse(value));
                    case "last_problem" -> problem = Optional.of(value);
                    case "order" -> orders.add(Instant.parse(value));
                    case "failed_validation" -> {
                        int space = value.lastIndexOf(' ');
                        if (space <= 0) {
                            throw new IllegalArgumentException("line " + number + ": expected 'HOST TIME'");
                        }
                        failed.add(new IssuerState.FailedValidation(value.substring(0, space),
                                Instant.parse(value.substring(space + 1))));
                    }
                    default -> throw new IllegalArgumentException("line " + number + ": unknown key '" + key + "'");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("line " + number + ": not a time: " + value, e);
            }
        }
        return new IssuerState(since, probe, limited, problem, orders, failed);
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(": ").append(value).append('\n');
    }
}
