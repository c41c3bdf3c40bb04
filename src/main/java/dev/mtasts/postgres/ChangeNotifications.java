package dev.mtasts.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LISTEN mtasts_changes} on a connection of its own, outside the pool. When it drops (or cannot be
 * opened), waiting falls back to sleeping and the connection is opened again after a backoff that doubles
 * up to {@link #MAX_BACKOFF}. Through PgBouncer in transaction mode LISTEN succeeds but nothing arrives:
 * the poll behind it still finds every change. Used by one thread; {@link #abort} may come from another.
 */
final class ChangeNotifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifications.class);
    static final String CHANNEL = "mtasts_changes";
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Opens a new connection outside the pool ({@link Database#openDirect}). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Clock clock;
    private volatile Connection connection;
    private Duration backoff = FIRST_BACKOFF;
    private Instant nextAttempt = Instant.MIN;
    private boolean warned;
    private volatile boolean aborted;

    ChangeNotifications(Opener opener, Clock clock) {
        this.opener = opener;
        this.clock = clock;
    }

    /** Starts listening now (when not yet listening and no reconnection back-off is running). */
    void listen() {
        if (connection == null && !clock.instant().isBefore(nextAttempt)) {
            connect();
        }
    }

    /** Waits up to {@code timeout} for a change notification; true when one came. */
    boolean await(Duration timeout) throws InterruptedException {
        listen();
        if (connection == null) {
            Thread.sleep(timeout.toMillis());
            return false;
        }
        try {
            PGNotification[] received = connection.unwrap(PGConnection.class)
                    .getNotifications((int) Math.max(1, timeout.toMillis()));
            return received != null && received.length > 0;
        } catch (SQLException e) {
            drop("the notification connection dropped: " + e.getMessage());
            return false;
        }
    }

    private void connect() {
        try {
            Connection opened = opener.open();
            try (Statement s = opened.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
            backoff = FIRST_BACKOFF;
            if (warned) {
                LOG.info("listening for changes again");
                warned = false;
            }
        } catch (SQLException e) {
            drop("cannot listen for changes: " + e.getMessage());
        }
    }

    private void drop(String why) {
        close();
        nextAttempt = clock.instant().plus(backoff);
        if (!warned && !aborted) {
            LOG.warn("{}; polling for changes meanwhile, trying again with backoff up to {}", why, MAX_BACKOFF);
            warned = true;
        }
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
    }

    /** Ends a wait from another thread by cutting the connection (its waiter then finds it closed). */
    void abort() {
        aborted = true;
        Connection current = connection;
        if (current != null) {
            try {
                current.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.debug("aborting the notification connection: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the notification connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
