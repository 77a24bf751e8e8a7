package dev.bulwark.ports.sql;

import java.util.List;
import java.util.Objects;

/**
 * A table or view as a catalog listing names it. Immutable.
 *
 * @param schema the table's schema
 * @param name the table's name
 * @param kind whether it is a table or a view
 * @param columns the columns, in their ordinal order
 */
public record TableSummary(String schema, String name, Kind kind, List<TableColumn> columns) {

    /** What a listed relation is. */
    public enum Kind {
        /** A table, a partitioned table or a foreign table: rows stored (or reached) as a table. */
        TABLE,
        /** A view or a materialized view: rows computed from other tables. */
        VIEW
    }

    public TableSummary {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
    }
}
