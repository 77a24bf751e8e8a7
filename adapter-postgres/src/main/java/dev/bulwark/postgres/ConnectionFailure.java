package dev.bulwark.postgres;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Internal: the database could not be reached while doing some work. The circuit breaker counts it; the guard turns
 * it into a {@link dev.bulwark.ports.DependencyUnavailableException} at the port boundary.
 */
final class ConnectionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConnectionFailure(SQLException cause) {
        super("database connection failed (SQLSTATE " + cause.getSQLState() + ")", cause);
    }

    /**
     * Whether a read may be tried once more on a fresh connection: yes when a connection the pool handed out failed
     * (a backend killed since it was pooled: the next connection is likely fine, and the failure came fast); no when
     * the pool could not hand out a connection within its connection timeout ({@link SQLTransientConnectionException},
     * what HikariCP throws then), since a second wait would fail the same way and double the caller's.
     */
    boolean retryable() {
        return !(getCause() instanceof SQLTransientConnectionException) && !inDoubt();
    }

    /** Whether it failed while the database may have been applying a write ({@link CommitInDoubt}). */
    boolean inDoubt() {
        return getCause() instanceof CommitInDoubt;
    }
}
