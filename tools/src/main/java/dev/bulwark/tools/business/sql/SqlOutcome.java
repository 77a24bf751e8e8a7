package dev.bulwark.tools.business.sql;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import java.util.Objects;

/**
 * What one statement produced, and how it ran. Immutable.
 *
 * @param statement the checked statement
 * @param result its rows or update count
 * @param mode whether it ran read-only (and was rolled back) or read-write (and was committed)
 * @param rowLimit the most rows it could return
 */
public record SqlOutcome(CheckedStatement statement, QueryResult result, AccessMode mode, int rowLimit) {

    public SqlOutcome {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(mode, "mode");
    }
}
