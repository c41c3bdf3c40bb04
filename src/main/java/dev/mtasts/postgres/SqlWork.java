package dev.mtasts.postgres;

import dev.mtasts.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on one database connection for {@link Database#call} and {@link Database#transaction}. It
 * may throw a {@link StoreException} of its own (a refused write, a row that does not parse): that
 * rolls a transaction back and reaches the caller unchanged.
 */
@FunctionalInterface
interface SqlWork<T> {

    T apply(Connection connection) throws SQLException, StoreException;
}
