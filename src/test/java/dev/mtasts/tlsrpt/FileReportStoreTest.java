package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReportStoreTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-02T06:00:00Z");

    @TempDir
    Path dir;

    private static TlsReport report(String fixture) throws Exception {
        return new ReportParser().parse(new ByteArrayInputStream(Fixtures.bytes(fixture)));
    }

    @Test
    void storesAReportOncePerReportIdAndReadsItBackWithItsQuirks() throws Exception {
        FileReportStore store = new FileReportStore(dir.resolve("reports"));
        TlsReport report = report(Fixtures.LARGE_SENDER);
        assertTrue(store.add(StoredReport.of(report, RECEIVED, StoredReport.HTTPS)));
        assertFalse(store.add(StoredReport.of(report, RECEIVED.plusSeconds(60), StoredReport.MAIL)));
        assertEquals(Set.of(StoredReport.keyOf(report.reportId())), store.keys());
        StoredReport back = store.read(StoredReport.keyOf(report.reportId())).orElseThrow();
        assertEquals(report, back.report());
        assertEquals(RECEIVED, back.received());
        assertEquals(StoredReport.HTTPS, back.via());
    }

    @Test
    void listsByReceptionTimeAndDeletesWhatIsPastTheRetention() throws Exception {
        FileReportStore store = new FileReportStore(dir);
        store.add(StoredReport.of(report(Fixtures.RFC_EXAMPLE), RECEIVED.minusSeconds(10 * 86_400), StoredReport.MAIL));
        store.add(StoredReport.of(report(Fixtures.LARGE_SENDER), RECEIVED, StoredReport.HTTPS));
        assertEquals(List.of("Large Mail Provider Inc."), store.receivedSince(RECEIVED.minusSeconds(86_400)).stream()
                .map(r -> r.report().organization()).toList());
        assertEquals(1, store.deleteReceivedBefore(RECEIVED.minusSeconds(86_400)));
        assertEquals(1, store.keys().size());
    }

    @Test
    void aStoreThatWasNeverWrittenIsEmpty() throws Exception {
        FileReportStore store = new FileReportStore(dir.resolve("none"));
        assertEquals(Set.of(), store.keys());
        assertEquals(List.of(), store.receivedSince(Instant.EPOCH));
    }
}
