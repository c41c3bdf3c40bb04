package dev.mtasts.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    private static HttpResponse read(String raw, int limit) throws IOException {
        return new HttpResponseReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), limit).read();
    }

    @Test
    void readsStatusHeadersAndContentLengthBody() throws IOException {
        HttpResponse r = read("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloEXTRA", 100);
        assertEquals(200, r.status());
        assertEquals("text/plain", r.header("Content-Type").orElseThrow());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), r.body());
    }

    @Test
    void flagsAHeadWithLinesEndingInLineFeedAlone() throws IOException {
        assertFalse(read("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\na\nb", 100).bareLineFeeds());
        assertTrue(read("HTTP/1.1 200 OK\r\nContent-Length: 3\n\r\na\nb", 100).bareLineFeeds());
        assertTrue(read("HTTP/1.1 200 OK\nContent-Length: 3\n\na\nb", 100).bareLineFeeds());
    }

    @Test
    void decodesChunkedBodies() throws IOException {
        HttpResponse r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", 100);
        assertEquals("abcde", new String(r.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void readsToTheEndWithoutLength() throws IOException {
        assertEquals("body", new String(read("HTTP/1.0 200 OK\n\nbody", 100).body(), StandardCharsets.US_ASCII));
    }

    @Test
    void stopsAndFlagsABodyOverTheLimit() throws IOException {
        HttpResponse r = read("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789", 10);
        assertTrue(r.truncated());
        assertEquals(10, r.bodyLength());
        assertFalse(read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 10).truncated());
    }

    @Test
    void rejectsSomethingThatIsNotHttp() {
        IOException e = assertThrows(IOException.class, () -> read("SSH-2.0-OpenSSH\r\n\r\n", 10));
        assertTrue(e.getMessage().contains("not an HTTP/1.1 response"), e.getMessage());
    }

    @Test
    void reportsABodyCutShort() {
        assertThrows(IOException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort", 100));
    }
}
