package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's periodic look at the report store: counts the reports it has not counted yet (at start
 * every stored one; later the ones {@code reports import} stored from mail), and deletes the reports
 * older than the retention.
 */
public final class ReportWatcher implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWatcher.class);

    private final ReportStore store;
    private final ReportLedger ledger;
    private final ServedHistory history;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param history whose daily handshake counts follow the same retention
     * @param retention how long a report is kept after it was received; zero keeps every report
     */
    public ReportWatcher(ReportStore store, ReportLedger ledger, ServedHistory history, Duration retention, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            if (!retention.isZero()) {
                java.time.Instant cutoff = clock.instant().minus(retention);
                history.deleteHandshakeFailuresBefore(java.time.LocalDate.ofInstant(cutoff, java.time.ZoneOffset.UTC));
                int deleted = store.deleteReceivedBefore(cutoff);
                if (deleted > 0) {
                    LOG.info("{} TLS-RPT report(s) older than {} day(s) deleted", deleted, retention.toDays());
                }
            }
            Set<String> keys = store.keys();
            for (String key : keys) {
                if (!ledger.counted(key)) {
                    store.read(key).ifPresent(ledger::count);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the TLS-RPT report store (will retry): {}", e.toString());
        }
    }
}
