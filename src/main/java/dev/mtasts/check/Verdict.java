package dev.mtasts.check;

import dev.mtasts.policy.Severity;

/** The overall result, with the exit codes of the monitoring-plugin convention. */
public enum Verdict {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    UNKNOWN(3);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** OK and INFO are OK; WARNING and CRITICAL map to themselves. */
    public static Verdict of(Severity severity) {
        return switch (severity) {
            case OK, INFO -> OK;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
        };
    }

    /** CRITICAL beats UNKNOWN, which beats WARNING, which beats OK. */
    public Verdict combine(Verdict other) {
        return rank(other) > rank(this) ? other : this;
    }

    private static int rank(Verdict v) {
        return switch (v) {
            case OK -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
            case CRITICAL -> 3;
        };
    }
}
