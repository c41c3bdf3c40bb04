package dev.mtasts.check;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP response as the checker read it.
 *
 * @param status the status code
 * @param headers lower-case names to the first value sent
 * @param body at most the reader's limit of bytes
 * @param truncated true when the body was longer than the limit (the rest was not read)
 * @param bareLineFeeds true when a line of the status line and headers ended with LF alone, not CRLF
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body, boolean truncated,
        boolean bareLineFeeds) {

    public HttpResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** A response whose head lines all end with CRLF. */
    public HttpResponse(int status, Map<String, String> headers, byte[] body, boolean truncated) {
        this(status, headers, body, truncated, false);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }
}
