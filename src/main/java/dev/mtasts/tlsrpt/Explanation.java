package dev.mtasts.tlsrpt;

import java.util.Objects;

/**
 * Why a failure happened and what fixes it, from what this server saw where it can tell.
 *
 * @param cause the cause, as far as known
 * @param fix what to do
 * @param seenHere whether the cause comes from this server's own record (not only from the result type)
 */
public record Explanation(String cause, String fix, boolean seenHere) {

    public Explanation {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(fix, "fix");
    }
}
