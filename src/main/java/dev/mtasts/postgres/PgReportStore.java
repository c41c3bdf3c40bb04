package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import dev.mtasts.tlsrpt.BadReportException;
import dev.mtasts.tlsrpt.ReportJson;
import dev.mtasts.tlsrpt.ReportStore;
import dev.mtasts.tlsrpt.StoredReport;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TLS-RPT reports in the {@code tlsrpt_reports} table (migration V5): one row per report id, whichever replica took it. */
final class PgReportStore implements ReportStore {

    private static final Logger LOG = LoggerFactory.getLogger(PgReportStore.class);
    private static final String ADD = "INSERT INTO tlsrpt_reports (report_key, report_id, received, via, body) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (report_key) DO NOTHING";

    private final Database db;

    PgReportStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean add(StoredReport report) throws IOException {
        return io(() -> db.call("storing TLS-RPT report " + report.report().reportId(), c -> {
            try (PreparedStatement s = c.prepareStatement(ADD)) {
                s.setString(1, report.key());
                s.setString(2, report.report().reportId());
                s.setTimestamp(3, Timestamp.from(report.received()));
                s.setString(4, report.via());
                s.setBytes(5, ReportJson.write(report));
                return s.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public Set<String> keys() throws IOException {
        return io(() -> db.call("listing TLS-RPT reports", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT report_key FROM tlsrpt_reports");
                    ResultSet r = s.executeQuery()) {
                Set<String> keys = new HashSet<>();
                while (r.next()) {
                    keys.add(r.getString(1));
                }
                return keys;
            }
        }));
    }

    @Override
    public Optional<StoredReport> read(String key) throws IOException {
        List<StoredReport> found = select("SELECT report_key, body FROM tlsrpt_reports WHERE report_key = ?",
                s -> s.setString(1, key));
        return found.stream().findFirst();
    }

    @Override
    public List<StoredReport> receivedSince(Instant since) throws IOException {
        return select("SELECT report_key, body FROM tlsrpt_reports WHERE received >= ? ORDER BY received",
                s -> s.setTimestamp(1, Timestamp.from(since)));
    }

    @Override
    public int deleteReceivedBefore(Instant cutoff) throws IOException {
        return io(() -> db.call("deleting old TLS-RPT reports", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM tlsrpt_reports WHERE received < ?")) {
                s.setTimestamp(1, Timestamp.from(cutoff));
                return s.executeUpdate();
            }
        }));
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<StoredReport> select(String sql, Binder binder) throws IOException {
        return io(() -> db.call("reading TLS-RPT reports", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binder.bind(s);
                List<StoredReport> reports = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        parse(r.getString(1), r.getBytes(2)).ifPresent(reports::add);
                    }
                }
                return reports;
            }
        }));
    }

    private static Optional<StoredReport> parse(String key, byte[] body) {
        try {
            return Optional.of(ReportJson.read(key, body));
        } catch (IOException | BadReportException e) {
            LOG.warn("stored TLS-RPT report {} is unreadable and skipped: {}", key, e.getMessage());
            return Optional.empty();
        }
    }

    /** Work on the database whose {@link StoreException} becomes the {@link IOException} of the report roles. */
    interface StoreWork<T> {
        T get() throws StoreException;
    }

    static <T> T io(StoreWork<T> work) throws IOException {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
