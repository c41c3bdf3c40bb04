package dev.mtasts.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A real PostgreSQL for the tests tagged {@code postgres}: {@code src/test/lab/pg-lab.sh} starts the lab's
 * database (and PgBouncer in transaction mode) and runs them with {@code MTA_STS_TEST_PG_URL}
 * ({@code postgresql://USER@HOST:PORT/DB}) and {@code MTA_STS_TEST_PG_PASSWORD} set. Each test gets a
 * schema of its own, dropped at the end. Through PgBouncer ({@code MTA_STS_TEST_PG_SHARED_SCHEMA=1}: it
 * cannot pass a search path) the tests share the default schema and each starts by dropping everything the
 * test role owns; the test classes then run one after another. Without the variables the tests fail: they
 * are excluded from {@code mvn package} by their tag, never skipped.
 */
public final class TestDatabase implements AutoCloseable {

    private final String url;
    private final String password;
    private final String schema;

    private TestDatabase(String url, String password, String schema) {
        this.url = url;
        this.password = password;
        this.schema = schema;
    }

    /** A fresh, empty schema in the test database. */
    public static TestDatabase create() throws SQLException {
        String url = System.getenv("MTA_STS_TEST_PG_URL");
        String password = System.getenv("MTA_STS_TEST_PG_PASSWORD");
        if (url == null || password == null) {
            throw new IllegalStateException("MTA_STS_TEST_PG_URL and MTA_STS_TEST_PG_PASSWORD are not set:"
                    + " run the postgres tests with src/test/lab/pg-lab.sh");
        }
        if ("1".equals(System.getenv("MTA_STS_TEST_PG_SHARED_SCHEMA"))) {
            TestDatabase shared = new TestDatabase(url, password, null);
            shared.dropEverything();
            return shared;
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        TestDatabase db = new TestDatabase(url, password, schema);
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return db;
    }

    /** The URL with this test's schema as the search path, as a replica would be given it. */
    public String url() {
        if (schema == null) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String password() {
        return password;
    }

    /** This test's schema; {@code public} when the tests share the default one. */
    public String schema() {
        return schema == null ? "public" : schema;
    }

    /** Settings for a replica named {@code node} on this schema. */
    public PostgresSettings settings(String node) {
        return new PostgresSettings(url(), java.util.Optional.of(password), java.util.Optional.empty(), node);
    }

    /** {@link #url} as a pgjdbc URL. */
    public String jdbcUrl() {
        return jdbc(url());
    }

    /** A plain connection on this schema, for the test's own checks. */
    public Connection connection() throws SQLException {
        return DriverManager.getConnection(jdbc(url()), properties());
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbc(url), properties());
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("password", password);
        p.setProperty("prepareThreshold", "0");
        return p;
    }

    /** postgresql://USER@HOST:PORT/DB?x=y to jdbc:postgresql://HOST:PORT/DB?user=USER&x=y (test use only). */
    private static String jdbc(String libpq) {
        String rest = libpq.substring("postgresql://".length());
        int at = rest.indexOf('@');
        String user = rest.substring(0, at);
        String hostAndDb = rest.substring(at + 1);
        return "jdbc:postgresql://" + hostAndDb + (hostAndDb.contains("?") ? "&" : "?") + "user=" + user;
    }

    private void dropEverything() throws SQLException {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP OWNED BY CURRENT_USER CASCADE");
        }
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) {
            dropEverything();
            return;
        }
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
