package dev.mtasts.postgres;

import dev.mtasts.challenge.InMemoryChallengeStore;
import dev.mtasts.policy.DomainNames;
import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.Pem;
import dev.mtasts.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code challenges} table: kind {@code http-01} keeps the key authorization (UTF-8) by token, kind
 * {@code tls-alpn-01} the PEM of the challenge certificate chain and its key by normalized server name
 * ({@link DomainNames#normalize}). Rows live for
 * {@link #LIFETIME}; the trigger gives every write a change number and announces it.
 */
final class ChallengeTable {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeTable.class);
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String HTTP_01 = "http-01";
    private static final String TLS_ALPN_01 = "tls-alpn-01";

    private static final String PUT = """
            INSERT INTO challenges (kind, name, answer, created_by, expires_at)
            VALUES (?, ?, ?, ?, now() + ? * interval '1 millisecond')
            ON CONFLICT (kind, name) DO UPDATE
                SET answer = excluded.answer, created_by = excluded.created_by, expires_at = excluded.expires_at
            RETURNING change_seq""";
    private static final String REMOVE = "DELETE FROM challenges WHERE kind = ? AND name = ?";
    private static final String UNEXPIRED = """
            SELECT kind, name, answer, change_seq FROM challenges WHERE expires_at > now()""";

    /**
     * A committed write.
     *
     * @param changeSeq the row's change number
     * @param committedBefore a database time after the commit: a replica whose poll started later has the row
     */
    record Written(long changeSeq, Instant committedBefore) {
    }

    /**
     * Every unexpired answer.
     *
     * @param highestChange the largest change number among them (0 when none)
     */
    record Loaded(InMemoryChallengeStore answers, long highestChange) {
    }

    private final Database db;
    private final String node;

    ChallengeTable(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    Written putHttp01(String token, String keyAuthorization) throws StoreException {
        return put(HTTP_01, token, keyAuthorization.getBytes(StandardCharsets.UTF_8));
    }

    Written putTlsAlpn01(String serverName, CertifiedKey certificate) throws StoreException {
        List<Object> objects = new ArrayList<>(certificate.chain());
        objects.add(certificate.key());
        return put(TLS_ALPN_01, DomainNames.normalize(serverName), Pem.write(objects.toArray()).getBytes(StandardCharsets.US_ASCII));
    }

    private Written put(String kind, String name, byte[] answer) throws StoreException {
        return db.call("offering the " + kind + " answer for " + name, c -> {
            long seq;
            try (PreparedStatement s = c.prepareStatement(PUT)) {
                s.setString(1, kind);
                s.setString(2, name);
                s.setBytes(3, answer);
                s.setString(4, node);
                s.setLong(5, LIFETIME.toMillis());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    seq = r.getLong(1);
                }
            }
            // auto-commit: the row is committed now, so this statement's now() comes after the commit
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT now()")) {
                r.next();
                return new Written(seq, r.getObject(1, OffsetDateTime.class).toInstant());
            }
        });
    }

    void removeHttp01(String token) throws StoreException {
        remove(HTTP_01, token);
    }

    void removeTlsAlpn01(String serverName) throws StoreException {
        remove(TLS_ALPN_01, DomainNames.normalize(serverName));
    }

    private void remove(String kind, String name) throws StoreException {
        db.run("withdrawing the " + kind + " answer for " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(REMOVE)) {
                s.setString(1, kind);
                s.setString(2, name);
                s.executeUpdate();
            }
        });
    }

    Loaded unexpired() throws StoreException {
        return db.call("reading the challenge answers", c -> {
            InMemoryChallengeStore answers = new InMemoryChallengeStore();
            long highest = 0;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(UNEXPIRED)) {
                while (r.next()) {
                    String kind = r.getString(1);
                    String name = r.getString(2);
                    byte[] answer = r.getBytes(3);
                    highest = Math.max(highest, r.getLong(4));
                    if (kind.equals(HTTP_01)) {
                        answers.putHttp01(name, new String(answer, StandardCharsets.UTF_8));
                    } else {
                        readCertificate(name, answer, answers);
                    }
                }
            }
            return new Loaded(answers, highest);
        });
    }

    private static void readCertificate(String name, byte[] answer, InMemoryChallengeStore into) {
        String pem = new String(answer, StandardCharsets.US_ASCII);
        try {
            into.putTlsAlpn01(name, new CertifiedKey(Pem.readPrivateKey(pem), Pem.readCertificates(pem)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("{}: the stored TLS-ALPN-01 answer does not parse ({}); not offered", name, e.getMessage());
        }
    }
}
