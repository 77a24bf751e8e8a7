package dev.bulwark.ports.sql;

import java.util.List;
import java.util.Objects;

/**
 * A table as the database catalog describes it. Immutable.
 *
 * @param schema the table's schema
 * @param name the table's name
 * @param columns the columns, in their ordinal order
 * @param primaryKey the primary-key columns in key order; empty when there is none
 * @param foreignKeys the table's foreign keys, ordered by name
 */
public record TableSchema(
        String schema, String name, List<TableColumn> columns, List<String> primaryKey, List<ForeignKey> foreignKeys) {

    public TableSchema {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }
}
