package dev.mtasts.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.mtasts.store.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection to the shared store: a small pool (HikariCP) on the database that {@link PostgresSettings}
 * names, the schema migrations, and {@link #call}/{@link #transaction}, through which every class of this
 * package talks to the database so that a failure is turned into a {@link StoreException} (and recorded in
 * {@link Health}) in one place.
 *
 * <p>Every connection has {@code prepareThreshold=0} (PgBouncer in transaction mode cannot keep prepared
 * statements), the application name {@code mta-sts NODE}, a connect time-out of
 * {@link PostgresSettings#connectTimeout} and a socket time-out of {@value #SOCKET_TIMEOUT_SECONDS} s, so a
 * hung database holds a caller for about that long at most; these override the URL's parameters. Building
 * a {@code Database} never connects: a replica starts while the database is down and serves its cache.
 */
final class Database implements AutoCloseable {

    static final int SOCKET_TIMEOUT_SECONDS = 10;
    private static final int POOL_SIZE = 4;

    private final PostgresUrl url;
    private final Properties properties;
    private final Health health;
    private final HikariDataSource pool;
    private final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();

    /** @throws IllegalArgumentException when the URL is not a usable {@code postgresql://} URL */
    Database(PostgresSettings settings, Health health) {
        this.url = PostgresUrl.parse(settings.url());
        this.health = health;
        this.properties = properties(url, settings);
        HikariConfig config = new HikariConfig();
        config.setPoolName("mta-sts-postgres");
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(properties);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(5000, settings.connectTimeout().toMillis())));
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    private static Properties properties(PostgresUrl url, PostgresSettings settings) {
        Properties p = new Properties();
        url.parameters().forEach(p::setProperty);
        p.setProperty("user", url.user());
        settings.password().ifPresent(password -> p.setProperty("password", password));
        p.setProperty("prepareThreshold", "0");
        p.setProperty("ApplicationName", "mta-sts " + settings.nodeName());
        p.setProperty("connectTimeout", Long.toString(seconds(settings.connectTimeout())));
        p.setProperty("loginTimeout", Long.toString(seconds(settings.connectTimeout())));
        p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        return p;
    }

    /** pgjdbc counts whole seconds and reads 0 as "no limit": at least one. */
    private static long seconds(Duration timeout) {
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode: a {@link SQLException} becomes
     * {@link Health#failure}("{@code what}: ...") and success marks the database up.
     */
    <T> T call(String what, SqlWork<T> work) throws StoreException {
        calls.increment();
        try (Connection connection = pool.getConnection()) {
            T result = work.apply(connection);
            health.ok();
            return result;
        } catch (SQLException e) {
            throw health.failure(what, e);
        } catch (StoreException e) {
            health.ok(); // the database answered; what it answered was refused or unusable
            throw e;
        }
    }

    /** How many calls (each one pooled connection, one or more statements) this replica has made. */
    long calls() {
        return calls.sum();
    }

    /** {@link #call} without a result. */
    void run(String what, SqlAction work) throws StoreException {
        call(what, connection -> {
            work.apply(connection);
            return null;
        });
    }

    /**
     * {@link #call} in one transaction: committed when {@code work} returns, rolled back when it throws
     * (its {@link StoreException} reaches the caller unchanged).
     */
    <T> T transaction(String what, SqlWork<T> work) throws StoreException {
        return call(what, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | StoreException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } // the pool restores auto-commit when the connection comes back to it
        });
    }

    /** {@link #transaction} without a result. */
    void runTransaction(String what, SqlAction work) throws StoreException {
        transaction(what, connection -> {
            work.apply(connection);
            return null;
        });
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Applies the schema migrations ({@code classpath:db/migration}) that the database lacks. */
    void migrate() throws StoreException {
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            health.ok();
        } catch (FlywayException e) {
            SQLException sql = sqlCause(e);
            if (sql != null) {
                throw health.failure("schema migration of " + url, sql);
            }
            throw new StoreException("schema migration of " + url + ": " + e.getMessage(), e);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The pool, for code that needs a {@link DataSource} (its calls are not recorded in {@link Health}). */
    DataSource dataSource() {
        return pool;
    }

    /**
     * A new connection outside the pool, with the same properties (for {@code LISTEN}, which needs a
     * session of its own); the caller closes it.
     */
    Connection openDirect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    /** The database URL without any secret, for logs and {@code /status}. */
    String describe() {
        return url.toString();
    }

    Health health() {
        return health;
    }

    @Override
    public void close() {
        pool.close();
    }
}
