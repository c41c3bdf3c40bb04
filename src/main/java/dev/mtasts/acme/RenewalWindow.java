package dev.mtasts.acme;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The CA's suggested renewal window for one certificate (RFC 9773 ACME Renewal Information).
 *
 * @param start start of the suggested window
 * @param end end of the suggested window (exclusive)
 * @param pollAgain when to ask again (the response's Retry-After), if the CA said
 * @param explanation the CA's explanation URL (e.g. for a mass revocation), if any
 */
public record RenewalWindow(Instant start, Instant end, Optional<Instant> pollAgain, Optional<String> explanation) {

    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(pollAgain, "pollAgain");
        Objects.requireNonNull(explanation, "explanation");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("renewal window ends before it starts: " + start + " > " + end);
        }
    }
}
