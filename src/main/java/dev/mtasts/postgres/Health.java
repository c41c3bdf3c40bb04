package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import java.sql.SQLException;

/**
 * Whether the database answered the last call of this replica (any class of this package), for
 * {@code mtasts_storage_up} and {@code /status}; and the one place that turns a failed call into a
 * {@link StoreException} with a message an operator can act on.
 */
final class Health {

    private volatile boolean up = true;
    private volatile String lastError = "";

    boolean up() {
        return up;
    }

    /** The message of the last failure, empty while up. */
    String lastError() {
        return up ? "" : lastError;
    }

    void ok() {
        up = true;
    }

    /** Records {@code e} and returns the exception to throw: "{@code what}: database unreachable (...)" or the SQL error. */
    StoreException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // class 08 (connection exception) and pgjdbc's time-outs mean the store is gone, not that the call was wrong
        boolean unreachable = state.startsWith("08") || state.equals("57P01") || state.equals("57014")
                || e instanceof java.sql.SQLTransientConnectionException;
        String message = what + ": " + (unreachable ? "database unreachable (" + e.getMessage() + ")" : e.getMessage());
        if (unreachable) {
            up = false;
            lastError = message;
        }
        return new StoreException(message, e);
    }
}
