package dev.mtasts.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.1 response from a stream: status line, headers, and a body delimited by
 * Content-Length, chunked encoding or the end of the connection. Reads at most {@code limit + 1} body
 * bytes so an oversized body is detected without downloading it.
 */
final class HttpResponseReader {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final int MAX_LINE = 8192;
    private final InputStream in;
    private final int limit;
    private boolean inHead = true;
    private boolean bareLineFeeds;

    HttpResponseReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    HttpResponse read() throws IOException {
        String statusLine = line();
        Matcher m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            throw new IOException("not an HTTP/1.1 response: '" + abbreviate(statusLine) + "'");
        }
        Map<String, String> headers = headers();
        inHead = false;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        if (chunked) {
            readChunked(body);
        } else if (headers.containsKey("content-length")) {
            copy(body, parseLength(headers.get("content-length")));
        } else {
            copy(body, Long.MAX_VALUE);
        }
        byte[] bytes = body.toByteArray();
        boolean truncated = bytes.length > limit;
        byte[] kept = truncated ? java.util.Arrays.copyOf(bytes, limit) : bytes;
        return new HttpResponse(Integer.parseInt(m.group(1)), headers, kept, truncated, bareLineFeeds);
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private void readChunked(ByteArrayOutputStream body) throws IOException {
        while (body.size() <= limit) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            long size = parseHex(semi < 0 ? sizeLine.trim() : sizeLine.substring(0, semi).trim());
            if (size == 0) {
                return;
            }
            copy(body, size);
            line(); // CRLF after the chunk
        }
    }

    /** Copies up to {@code length} bytes, stopping once more than {@code limit} are collected. */
    private void copy(ByteArrayOutputStream body, long length) throws IOException {
        byte[] buf = new byte[8192];
        long remaining = length;
        while (remaining > 0 && body.size() <= limit) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                if (length != Long.MAX_VALUE) {
                    throw new IOException("the connection closed before the end of the body");
                }
                return;
            }
            body.write(buf, 0, n);
            remaining -= n;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of the response head");
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("a response line is longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        if (!s.endsWith("\r")) {
            bareLineFeeds |= inHead;
            return s;
        }
        return s.substring(0, s.length() - 1);
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IOException("invalid Content-Length '" + value + "'", e);
        }
    }

    private static long parseHex(String value) throws IOException {
        try {
            return Long.parseLong(value, 16);
        } catch (NumberFormatException e) {
            throw new IOException("invalid chunk size '" + abbreviate(value) + "'", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
