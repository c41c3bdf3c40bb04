package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReportReaderTest {

    private static final ReportReader.Caps CAPS = new ReportReader.Caps(64 * 1024, 1024 * 1024);
    private final ReportReader reader = new ReportReader(CAPS);

    @Test
    void readsAGzipReportAndDetectsGzipByItsMagicBytes() throws Exception {
        byte[] gz = Fixtures.gzip(Fixtures.bytes(Fixtures.RFC_EXAMPLE));
        assertEquals("Company-X", reader.read(new ByteArrayInputStream(gz), ReportReader.Encoding.GZIP).organization());
        assertEquals("Company-X", reader.read(new ByteArrayInputStream(gz), ReportReader.Encoding.DETECT).organization());
        byte[] json = Fixtures.bytes(Fixtures.RFC_EXAMPLE);
        assertEquals("Company-X", reader.read(new ByteArrayInputStream(json), ReportReader.Encoding.DETECT).organization());
    }

    @Test
    void aGzipBombStopsAtTheDecompressedCapWithoutHoldingIt() {
        byte[] bomb = Fixtures.gzipBomb(64); // 64 MiB inflated from ~64 KiB
        assertTrue(bomb.length < CAPS.compressed(), "the bomb fits under the compressed cap: " + bomb.length);
        long before = usedMemory();
        ReportTooLargeException e = assertThrows(ReportTooLargeException.class,
                () -> reader.read(new ByteArrayInputStream(bomb), ReportReader.Encoding.GZIP));
        assertEquals("the decompressed report is larger than 1048576 bytes", e.getMessage());
        assertTrue(usedMemory() - before < 32L << 20, "reading the bomb held its content in memory");
    }

    @Test
    void aBodyBeyondTheCompressedCapIsRefusedWhileReading() {
        byte[] big = new byte[(int) CAPS.compressed() + 1];
        Arrays.fill(big, (byte) ' ');
        assertEquals("the body is larger than 65536 bytes", assertThrows(ReportTooLargeException.class,
                () -> reader.read(new ByteArrayInputStream(big), ReportReader.Encoding.JSON)).getMessage());
    }

    @Test
    void aTruncatedOrFakeGzipIsABadReport() {
        byte[] gz = Fixtures.gzip(Fixtures.bytes(Fixtures.RFC_EXAMPLE));
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
        assertEquals("the gzip body is truncated", assertThrows(BadReportException.class,
                () -> reader.read(new ByteArrayInputStream(truncated), ReportReader.Encoding.GZIP)).getMessage());
        assertTrue(assertThrows(BadReportException.class, () -> reader.read(new ByteArrayInputStream(
                Fixtures.bytes(Fixtures.RFC_EXAMPLE)), ReportReader.Encoding.GZIP)).getMessage()
                .startsWith("the body is not valid gzip"));
    }

    private static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
