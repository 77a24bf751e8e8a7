package dev.bulwark.ports.sql;

import dev.bulwark.ports.PortException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The database refused or aborted a statement; the transaction was rolled back.
 */
public class SqlStatementException extends PortException {

    private static final long serialVersionUID = 1L;

    private final SqlFailure failure;
    private final String sqlState;
    private final Integer statementIndex;

    public SqlStatementException(SqlFailure failure, String sqlState, OptionalInt statementIndex, Throwable cause) {
        super(
                "statement failed: " + Objects.requireNonNull(failure, "failure") + " (SQLSTATE " + sqlState + ")",
                cause);
        this.failure = failure;
        this.sqlState = sqlState == null ? "" : sqlState;
        this.statementIndex = statementIndex.isPresent() ? statementIndex.getAsInt() : null;
    }

    /** The category of the failure. */
    public SqlFailure failure() {
        return failure;
    }

    /** The five-character SQLSTATE the database reported, or empty when there was none. */
    public String sqlState() {
        return sqlState;
    }

    /** In a batch, the zero-based index of the statement that failed. */
    public OptionalInt statementIndex() {
        return statementIndex == null ? OptionalInt.empty() : OptionalInt.of(statementIndex);
    }
}
