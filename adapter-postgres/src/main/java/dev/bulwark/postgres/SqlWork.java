package dev.bulwark.postgres;

import java.sql.SQLException;

/**
 * A unit of database work that may throw {@link SQLException}; the {@link DatabaseGuard} runs it and translates.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
interface SqlWork<T> {

    T run() throws SQLException;
}
