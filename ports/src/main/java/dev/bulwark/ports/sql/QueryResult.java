package dev.bulwark.ports.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one statement produced: the rows of a query, or the number of rows a write changed. Immutable.
 *
 * @param columns the result columns; empty for a statement that returns no rows
 * @param rows the rows, each as many values as there are columns
 * @param truncated whether the statement produced more rows (or more data) than were returned
 * @param updateCount rows inserted, updated or deleted; empty for a query
 */
public record QueryResult(
        List<ResultColumn> columns, List<List<Object>> rows, boolean truncated, OptionalLong updateCount) {

    public QueryResult {
        columns = List.copyOf(columns);
        Objects.requireNonNull(updateCount, "updateCount");
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The result of a statement that changed {@code count} rows and returned none. */
    public static QueryResult updated(long count) {
        return new QueryResult(List.of(), List.of(), false, OptionalLong.of(count));
    }
}
