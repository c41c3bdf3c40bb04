package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/** {@link SqlWork} without a result, for {@link Database#run} and {@link Database#runTransaction}. */
@FunctionalInterface
interface SqlAction {

    void apply(Connection connection) throws SQLException, StoreException;
}
