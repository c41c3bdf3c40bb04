package dev.mtasts.response;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header line (RFC 9110 §6.6.1) followed by the blank line that ends the headers,
 * formatted at most once per second and shared by every response of that second.
 */
public final class HttpDate {

    /** One second's line; {@code bytes} is shared and read-only (duplicate it to write it). */
    public record Line(long epochSecond, ByteBuf bytes) {
    }

    private final Clock clock;
    private volatile Line current = new Line(Long.MIN_VALUE, Unpooled.EMPTY_BUFFER);

    public HttpDate(Clock clock) {
        this.clock = clock;
    }

    /** A read-only view of {@code "Date: <IMF-fixdate>\r\n\r\n"} to write (no release needed). */
    public ByteBuf headerEnd() {
        return line().bytes().duplicate();
    }

    /** The current second's line. */
    public Line line() {
        long now = clock.millis() / 1000;
        Line line = current;
        if (line.epochSecond() != now) {
            String text = "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.Instant.ofEpochSecond(now).atOffset(ZoneOffset.UTC)) + "\r\n\r\n";
            line = new Line(now, SharedBytes.of(text.getBytes(StandardCharsets.US_ASCII)));
            current = line;
        }
        return line;
    }
}
