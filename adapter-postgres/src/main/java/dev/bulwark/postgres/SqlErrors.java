package dev.bulwark.postgres;

import dev.bulwark.ports.sql.SqlFailure;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Sorts {@link SQLException}s into unreachable databases and statement failures. Thread-safe.
 */
final class SqlErrors {

    /** PostgreSQL: the server is shutting down, crashed, starting up, or has no connection slot left. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** H2: the connection is broken, or the database is closed. */
    private static final Set<String> H2_UNAVAILABLE_STATES = Set.of("90067", "90098", "90121");

    private SqlErrors() {}

    /** Whether the failure means the database could not be reached, as opposed to a refused statement. */
    static boolean isConnectionFailure(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return hasCause(e, IOException.class)
                    || e.getMessage() != null && e.getMessage().contains("has been closed");
        }
        return state.startsWith("08") || UNAVAILABLE_STATES.contains(state) || H2_UNAVAILABLE_STATES.contains(state);
    }

    /**
     * Whether the result was refused for its size: by the {@link RowReader} ({@link ResultTooLargeException}), or by
     * PgJDBC's {@code maxResultBuffer} ({@link PostgresDialect} sets it), which refuses a row before it allocates it.
     * The driver reports that with SQLSTATE 08S01, a connection failure's code, since it drops the connection (the
     * rest of the row is never read), but the database answered: the caller's query asked for too much. PgJDBC has
     * no code of its own for it, so its message is matched; that message is not translated.
     */
    static boolean isResultTooLarge(SQLException e) {
        return e instanceof ResultTooLargeException
                || "08S01".equals(e.getSQLState())
                        && e.getMessage() != null
                        && e.getMessage().contains("maxResultBuffer");
    }

    /**
     * Whether the failure came from the calling thread being interrupted (HikariCP's "Interrupted during connection
     * acquisition", an interrupted channel), not from the database. Such a failure says nothing about the database:
     * it is neither a connection failure nor a refused statement. HikariCP's carries no SQLSTATE, so without this
     * check it would pass for an answer.
     */
    static boolean isInterruption(SQLException e) {
        return hasCause(e, InterruptedException.class) || hasCause(e, ClosedByInterruptException.class);
    }

    /** The category of a refused statement. */
    static SqlFailure classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTimeoutException || state.equals("57014")) {
            return SqlFailure.TIMEOUT;
        }
        if (state.equals("25006")) {
            return SqlFailure.READ_ONLY_VIOLATION;
        }
        if (state.equals("42501") || state.equals("90096") || state.equals("90040")) {
            return SqlFailure.PERMISSION_DENIED;
        }
        if (state.startsWith("21") && !state.equals("21S02") || state.equals("90053")) {
            return SqlFailure.CARDINALITY_VIOLATION;
        }
        if (state.startsWith("23")) {
            return SqlFailure.CONSTRAINT_VIOLATION;
        }
        if (state.startsWith("22") || state.equals("42804") || state.equals("42P18") || state.equals("42846")) {
            return SqlFailure.INVALID_DATA;
        }
        if (state.equals("42P01")
                || state.equals("42703")
                || state.equals("42883")
                || state.equals("42704")
                || state.equals("3F000")
                || state.equals("42S02")
                || state.equals("42S22")
                || state.equals("42S12")
                || state.equals("90022")
                || state.equals("90079")
                || state.equals("42S03")
                || state.equals("42S04")
                || state.equals("90036")) {
            return SqlFailure.UNDEFINED_OBJECT;
        }
        if (state.equals("42601")
                || state.equals("42000")
                || state.equals("42001")
                || state.equals("42P10")
                || state.equals("21S02")
                || state.equals("90054")
                || state.equals("90068")
                || state.equals("90157")) {
            return SqlFailure.SYNTAX;
        }
        if (state.equals("40001")
                || state.equals("40P01")
                || state.equals("55P03")
                || state.equals("50200")
                || state.equals("HYT00")) {
            return state.equals("HYT00") ? SqlFailure.TIMEOUT : SqlFailure.CONFLICT;
        }
        if (state.startsWith("42")) {
            return SqlFailure.SYNTAX;
        }
        return SqlFailure.OTHER;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
