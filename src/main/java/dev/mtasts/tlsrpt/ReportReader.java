package dev.mtasts.tlsrpt;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a report body as RFC 8460 §5.3 sends it, JSON or gzip-compressed JSON, within two caps: on the
 * bytes as they arrive and on the JSON after decompression. Everything streams: the gzip data is inflated
 * as the JSON parser asks for it, so a gzip bomb stops at the decompressed cap after inflating that much
 * once, and is never held in memory.
 */
public final class ReportReader {

    /** How a body is encoded. */
    public enum Encoding {
        /** {@code application/tlsrpt+json} */
        JSON,
        /** {@code application/tlsrpt+gzip} */
        GZIP,
        /** a file or an attachment of unsure type: gzip when it starts with the gzip magic bytes */
        DETECT
    }

    /**
     * @param compressed the most bytes read from the body as it comes (the whole body for JSON)
     * @param decompressed the most bytes of JSON after decompression
     */
    public record Caps(long compressed, long decompressed) {
        public Caps {
            if (compressed < 1 || decompressed < 1) {
                throw new IllegalArgumentException("report size caps must be at least 1 byte");
            }
        }
    }

    private final Caps caps;
    private final ReportParser parser = new ReportParser();

    public ReportReader(Caps caps) {
        this.caps = caps;
    }

    public Caps caps() {
        return caps;
    }

    /** Reads one report; the stream is not closed. */
    public TlsReport read(InputStream body, Encoding encoding) throws IOException, BadReportException,
            ReportTooLargeException {
        InputStream raw = new BufferedInputStream(new CappedInputStream(body, caps.compressed(),
                encoding == Encoding.JSON ? "the body" : "the compressed body"), 8192);
        boolean gzip = switch (encoding) {
            case GZIP -> true;
            case JSON -> false;
            case DETECT -> startsWithGzipMagic(raw);
        };
        try {
            InputStream json = gzip ? new GZIPInputStream(raw, 8192) : raw;
            return parser.parse(new CappedInputStream(json, caps.decompressed(), "the decompressed report"));
        } catch (CappedInputStream.Exceeded e) {
            throw new ReportTooLargeException(e.getMessage());
        } catch (ZipException e) {
            throw new BadReportException("the body is not valid gzip: " + e.getMessage());
        } catch (EOFException e) {
            throw new BadReportException(gzip ? "the gzip body is truncated" : "the body is truncated");
        }
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }
}
