package dev.mtasts.postgres;

import dev.mtasts.tlsrpt.HandshakeFailure;
import dev.mtasts.tlsrpt.ServedChange;
import dev.mtasts.tlsrpt.ServedHistory;
import dev.mtasts.tlsrpt.ServedState;
import java.io.IOException;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ServedHistory} in the tables {@code tlsrpt_served} and {@code tlsrpt_handshakes} (migration V5). Every
 * replica reads every replica's rows: they serve the same, so a change one recorded the others find recorded.
 */
final class PgServedHistory implements ServedHistory {

    private static final String APPEND = "INSERT INTO tlsrpt_served (at, domain, node, policy_id, policy_text, "
            + "certificate_sha256, not_after, self_signed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CHANGES = "SELECT at, domain, policy_id, policy_text, certificate_sha256, not_after, "
            + "self_signed FROM tlsrpt_served ORDER BY at, domain";
    private static final String ADD = "INSERT INTO tlsrpt_handshakes (day, node, reason, server_name, client, count) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, node, reason, server_name, client) "
            + "DO UPDATE SET count = tlsrpt_handshakes.count + EXCLUDED.count";
    private static final String FAILURES = "SELECT day, reason, server_name, client, sum(count) FROM tlsrpt_handshakes "
            + "WHERE day BETWEEN ? AND ? GROUP BY day, reason, server_name, client ORDER BY day";

    private final Database db;
    private final String node;

    PgServedHistory(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public void append(List<ServedChange> changes) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        PgReportStore.io(() -> {
            db.runTransaction("recording what was served", c -> {
                try (PreparedStatement s = c.prepareStatement(APPEND)) {
                    for (ServedChange change : changes) {
                        ServedState st = change.state();
                        s.setTimestamp(1, Timestamp.from(change.at()));
                        s.setString(2, st.domain());
                        s.setString(3, node);
                        s.setString(4, st.policyId());
                        s.setString(5, st.policyText());
                        s.setString(6, st.certificateSha256().orElse(null));
                        s.setTimestamp(7, st.certificateNotAfter().map(Timestamp::from).orElse(null));
                        s.setBoolean(8, st.selfSigned());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            });
            return null;
        });
    }

    @Override
    public List<ServedChange> changes() throws IOException {
        return PgReportStore.io(() -> db.call("reading what was served", c -> {
            try (PreparedStatement s = c.prepareStatement(CHANGES); ResultSet r = s.executeQuery()) {
                List<ServedChange> changes = new ArrayList<>();
                while (r.next()) {
                    changes.add(new ServedChange(r.getTimestamp(1).toInstant(), new ServedState(r.getString(2),
                            r.getString(3), r.getString(4), Optional.ofNullable(r.getString(5)),
                            Optional.ofNullable(r.getTimestamp(6)).map(Timestamp::toInstant), r.getBoolean(7))));
                }
                return changes;
            }
        }));
    }

    @Override
    public void addHandshakeFailures(List<HandshakeFailure> failures) throws IOException {
        if (failures.isEmpty()) {
            return;
        }
        PgReportStore.io(() -> {
            db.runTransaction("recording failed handshakes", c -> {
                try (PreparedStatement s = c.prepareStatement(ADD)) {
                    for (HandshakeFailure f : failures) {
                        s.setDate(1, Date.valueOf(f.day()));
                        s.setString(2, node);
                        s.setString(3, f.reason());
                        s.setString(4, f.serverName());
                        s.setString(5, f.client());
                        s.setLong(6, f.count());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            });
            return null;
        });
    }

    @Override
    public List<HandshakeFailure> handshakeFailures(LocalDate from, LocalDate to) throws IOException {
        return PgReportStore.io(() -> db.call("reading failed handshakes", c -> {
            try (PreparedStatement s = c.prepareStatement(FAILURES)) {
                s.setDate(1, Date.valueOf(from));
                s.setDate(2, Date.valueOf(to));
                List<HandshakeFailure> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new HandshakeFailure(r.getDate(1).toLocalDate(), r.getString(2), r.getString(3),
                                r.getString(4), r.getLong(5)));
                    }
                }
                return out;
            }
        }));
    }

    @Override
    public void deleteHandshakeFailuresBefore(LocalDate day) throws IOException {
        PgReportStore.io(() -> {
            db.run("deleting old handshake counts", c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM tlsrpt_handshakes WHERE day < ?")) {
                    s.setDate(1, Date.valueOf(day));
                    s.executeUpdate();
                }
            });
            return null;
        });
    }
}
