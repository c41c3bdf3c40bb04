package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedRecorderTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static ServedState state(String domain, String id, String sha) {
        return new ServedState(domain, id, "version: STSv1\nmode: testing\n", Optional.ofNullable(sha),
                Optional.ofNullable(sha).map(s -> T0.plusSeconds(86_400)), false);
    }

    @Test
    void writesOnlyChangesAndKeepsTheLastCertificateWhileItIsNotInMemory() throws Exception {
        FileServedHistory history = new FileServedHistory(dir);
        HandshakeFailures handshakes = new HandshakeFailures(Clock.fixed(T0, ZoneOffset.UTC));
        new ServedRecorder(history, handshakes, Clock.fixed(T0, ZoneOffset.UTC)).record(
                List.of(state("a.example", "1", "aa"), state("b.example", "1", "bb")));
        ServedRecorder later = new ServedRecorder(history, handshakes, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
        later.record(List.of(state("a.example", "1", null), state("b.example", "2", null)));
        later.record(List.of(state("a.example", "1", null)));
        List<ServedChange> changes = history.changes();
        assertEquals(List.of("a.example 1 aa", "b.example 1 bb", "b.example 2 bb", "b.example - -"), changes.stream()
                .map(c -> c.state().domain() + " " + c.state().policyId() + " "
                        + c.state().certificateSha256().orElse("-")).toList());
        assertEquals(T0.plusSeconds(60), changes.get(2).at());
    }

    @Test
    void handshakeFailuresAreAddedPerDayAndBoundedByClient() throws Exception {
        FileServedHistory history = new FileServedHistory(dir);
        HandshakeFailures handshakes = new HandshakeFailures(Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 0; i < HandshakeFailures.MAX_KEYS + 10; i++) {
            handshakes.record("unknown_sni", "mta-sts.x.example", "192.0.2." + i);
        }
        handshakes.record(HandshakeFailures.reason("error:10000415:SSL routines:OPENSSL_internal:"
                + "SSLV3_ALERT_CERTIFICATE_EXPIRED"), "mta-sts.x.example", "192.0.2.1");
        ServedRecorder recorder = new ServedRecorder(history, handshakes, Clock.fixed(T0, ZoneOffset.UTC));
        recorder.record(List.of());
        handshakes.record("unknown_sni", "mta-sts.x.example", "192.0.2.1");
        recorder.record(List.of());
        LocalDate day = LocalDate.parse("2026-12-01");
        List<HandshakeFailure> stored = history.handshakeFailures(day, day);
        assertEquals(HandshakeFailures.MAX_KEYS + 2, stored.size()); // the past-the-bound ones as client "other"
        assertEquals(2, stored.stream().filter(f -> f.client().equals("192.0.2.1") && f.reason().equals("unknown_sni"))
                .findFirst().orElseThrow().count());
        assertEquals(1, stored.stream().filter(f -> f.reason().equals("alert_certificate_expired")).count());
        assertEquals(List.of(), history.handshakeFailures(day.plusDays(1), day.plusDays(2)));
        history.deleteHandshakeFailuresBefore(day.plusDays(1));
        assertEquals(List.of(), history.handshakeFailures(day, day));
    }
}
