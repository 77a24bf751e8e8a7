package dev.bulwark.postgres;

import java.sql.SQLException;

/**
 * Internal: the database could not be reached while doing some work. The circuit breaker counts it; the guard turns
 * it into a {@link dev.bulwark.ports.DependencyUnavailableException} at the port boundary.
 */
final class ConnectionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConnectionFailure(SQLException cause) {
        super("database connection failed (SQLSTATE " + cause.getSQLState() + ")", cause);
    }
}
