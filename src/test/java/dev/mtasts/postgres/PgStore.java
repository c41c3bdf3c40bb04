package dev.mtasts.postgres;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A migrated {@link Database} on a {@link TestDatabase}, and what the storage tests need around it. */
final class PgStore implements AutoCloseable {

    final TestDatabase test;
    final Health health = new Health();
    final Database database;

    PgStore(TestDatabase test, String node) throws Exception {
        this.test = test;
        this.database = new Database(test.settings(node), health);
        database.migrate();
    }

    PgCertificateStorage storage(String node, KeyCipher cipher) {
        return new PgCertificateStorage(database, cipher, node);
    }

    static CertifiedKey pair(String host) throws Exception {
        return new SelfSignedCertificates(Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC),
                new SecureRandom()).create(host);
    }

    static KeyCipher cipher(Path dir, byte fill) throws Exception {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, fill);
        Path file = Files.write(dir.resolve("key-" + fill), key);
        return KeyCipher.of(Optional.of(file));
    }

    /** A lease row as the locker would write it (the locker is not under test here). */
    void lease(String domain, String holder, long token) throws Exception {
        try (Connection c = test.connection(); PreparedStatement s = c.prepareStatement("INSERT INTO leases"
                + " (domain, holder, token, acquired_at, expires_at) VALUES (?, ?, ?, now(), now() + interval '1 minute')"
                + " ON CONFLICT (domain) DO UPDATE SET holder = excluded.holder, token = excluded.token")) {
            s.setString(1, domain);
            s.setString(2, holder);
            s.setLong(3, token);
            s.executeUpdate();
        }
    }

    /** The column values of the first row {@code sql} returns, as strings (empty without a row). */
    List<String> row(String sql, String... args) throws Exception {
        List<List<String>> rows = query(sql, args);
        return rows.isEmpty() ? List.of() : rows.get(0);
    }

    /** Every row {@code sql} returns, each as its columns joined with a space. */
    List<String> rows(String sql, String... args) throws Exception {
        return query(sql, args).stream().map(columns -> String.join(" ", columns)).toList();
    }

    private List<List<String>> query(String sql, String... args) throws Exception {
        try (Connection c = test.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                while (r.next()) {
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        columns.add(r.getString(i));
                    }
                    rows.add(columns);
                }
                return rows;
            }
        }
    }

    @Override
    public void close() throws Exception {
        database.close();
        test.close();
    }
}
