package dev.mtasts.tlsrpt;

import dev.mtasts.metrics.ServerMetrics;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts each stored report once into the metrics, whichever way it arrived: the server's own intake, or a
 * report that {@code reports import} stored and {@link ReportWatcher} found. Counters start at start-up
 * from every report the store holds.
 */
public final class ReportLedger {

    /** Sender names are free text: a label keeps at most this many characters. */
    static final int ORGANIZATION_LABEL = 64;

    private final ServerMetrics metrics;
    private final Set<String> counted = new HashSet<>(); // guarded by this

    public ReportLedger(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Counts the report unless it was counted before; returns whether it was counted now. */
    public synchronized boolean count(StoredReport stored) {
        if (!counted.add(stored.key())) {
            return false;
        }
        TlsReport report = stored.report();
        String organization = report.organization().length() > ORGANIZATION_LABEL
                ? report.organization().substring(0, ORGANIZATION_LABEL) : report.organization();
        for (String domain : report.domains()) {
            long ok = 0;
            long failed = 0;
            Map<String, Long> byType = new LinkedHashMap<>();
            for (PolicyResult p : report.policies()) {
                if (p.domain().equals(domain)) {
                    ok += p.successes();
                    failed += p.failures();
                    p.details().forEach(d -> byType.merge(d.resultType(), d.failedSessions(), Long::sum));
                }
            }
            metrics.tlsrptReport(domain, organization, ok, failed, byType, stored.received());
        }
        return true;
    }

    /** Whether a report is counted already (so a watcher need not read it). */
    public synchronized boolean counted(String key) {
        return counted.contains(key);
    }
}
