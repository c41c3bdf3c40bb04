package dev.mtasts.tlsrpt;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where received TLS-RPT reports are kept: files by default ({@link FileReportStore}), a table of the
 * cluster's database otherwise. One report per report id: adding it again changes nothing.
 */
public interface ReportStore {

    /** Stores a report; false (and nothing written) when a report with the same key is stored already. */
    boolean add(StoredReport report) throws IOException;

    /** The keys of every stored report (cheap: no report is read). */
    Set<String> keys() throws IOException;

    /** One stored report; empty when it is gone (retention) or unreadable (logged). */
    Optional<StoredReport> read(String key) throws IOException;

    /** The reports received at or after {@code since}, oldest first. */
    List<StoredReport> receivedSince(Instant since) throws IOException;

    /** Deletes the reports received before {@code cutoff}; returns how many. */
    int deleteReceivedBefore(Instant cutoff) throws IOException;
}
