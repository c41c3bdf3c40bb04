package dev.mtasts.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The {@code renewal_history} table: one line per stored certificate and per refused (fenced) write, for
 * operators ({@code mta-sts certs}, SQL). Lines are appended inside the transaction of the write they describe.
 */
final class RenewalHistory {

    static final String STORED = "stored";
    static final String REFUSED = "refused";

    private RenewalHistory() {
    }

    static void append(Connection connection, String domain, String node, String event, String detail)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO renewal_history (domain, node, event, detail) VALUES (?, ?, ?, ?)")) {
            s.setString(1, domain);
            s.setString(2, node);
            s.setString(3, event);
            s.setString(4, detail);
            s.executeUpdate();
        }
    }
}
