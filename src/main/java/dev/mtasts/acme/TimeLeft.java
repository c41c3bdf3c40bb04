package dev.mtasts.acme;

import java.time.Duration;

/** Human-readable durations for logs and {@code mta-sts certs}: {@code 59d 23h}, {@code 3h 5m}, {@code 42s}. */
public final class TimeLeft {

    private TimeLeft() {
    }

    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }
}
