package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.tlsrpt.Fixtures;
import dev.mtasts.tlsrpt.HandshakeFailure;
import dev.mtasts.tlsrpt.ReportReader;
import dev.mtasts.tlsrpt.ServedChange;
import dev.mtasts.tlsrpt.ServedState;
import dev.mtasts.tlsrpt.StoredReport;
import dev.mtasts.tlsrpt.TlsReport;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("postgres")
class PgReportStoreTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-02T06:00:00Z");

    private static TlsReport report(String fixture) throws Exception {
        return new ReportReader(new ReportReader.Caps(1 << 20, 1 << 20)).read(
                new ByteArrayInputStream(Fixtures.bytes(fixture)), ReportReader.Encoding.JSON);
    }

    @Test
    void aReportIsStoredOnceWhicheverReplicaTakesItAndLeavesWithTheRetention() throws Exception {
        try (PgStore db = new PgStore(TestDatabase.create(), "node-a")) {
            PgReportStore a = new PgReportStore(db.database);
            PgReportStore b = new PgReportStore(db.database);
            TlsReport large = report(Fixtures.LARGE_SENDER);
            assertTrue(a.add(StoredReport.of(large, RECEIVED, StoredReport.HTTPS)));
            assertFalse(b.add(StoredReport.of(large, RECEIVED.plusSeconds(5), StoredReport.MAIL)));
            assertTrue(b.add(StoredReport.of(report(Fixtures.RFC_EXAMPLE), RECEIVED.minusSeconds(86_400 * 100L),
                    StoredReport.MAIL)));
            assertEquals(Set.of(StoredReport.keyOf(large.reportId()), StoredReport.keyOf(
                    "5065427c-23d3-47ca-b6e0-946ea0e8c4be")), a.keys());
            StoredReport back = a.read(StoredReport.keyOf(large.reportId())).orElseThrow();
            assertEquals(large, back.report());
            assertEquals(StoredReport.HTTPS, back.via());
            assertEquals(List.of(large), a.receivedSince(RECEIVED.minusSeconds(60)).stream().map(StoredReport::report)
                    .toList());
            assertEquals(1, a.deleteReceivedBefore(RECEIVED.minusSeconds(86_400 * 90L)));
            assertEquals(1, b.keys().size());
        }
    }

    @Test
    void servedChangesAndHandshakeCountsAreSharedByTheReplicas() throws Exception {
        try (PgStore db = new PgStore(TestDatabase.create(), "node-a")) {
            PgServedHistory a = new PgServedHistory(db.database, "node-a");
            PgServedHistory b = new PgServedHistory(db.database, "node-b");
            ServedState state = new ServedState("example.com", "20261201", "version: STSv1\nmode: testing\n",
                    Optional.of("ab12"), Optional.of(RECEIVED.plusSeconds(86_400)), false);
            a.append(List.of(new ServedChange(RECEIVED, state)));
            assertEquals(List.of(new ServedChange(RECEIVED, state)), b.changes());
            LocalDate day = LocalDate.parse("2026-12-02");
            a.addHandshakeFailures(List.of(new HandshakeFailure(day, "unknown_sni", "mta-sts.x.example", "192.0.2.1", 2)));
            b.addHandshakeFailures(List.of(new HandshakeFailure(day, "unknown_sni", "mta-sts.x.example", "192.0.2.1", 3)));
            a.addHandshakeFailures(List.of(new HandshakeFailure(day, "unknown_sni", "mta-sts.x.example", "192.0.2.1", 1)));
            assertEquals(List.of(new HandshakeFailure(day, "unknown_sni", "mta-sts.x.example", "192.0.2.1", 6)),
                    b.handshakeFailures(day, day));
            a.deleteHandshakeFailuresBefore(day.plusDays(1));
            assertEquals(List.of(), b.handshakeFailures(day, day));
        }
    }
}
