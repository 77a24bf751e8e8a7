package dev.bulwark.ports.sql;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key of a table. Immutable.
 *
 * @param name the constraint name
 * @param columns the referencing columns, in key order
 * @param referencedSchema the schema of the referenced table
 * @param referencedTable the referenced table
 * @param referencedColumns the referenced columns, in key order
 */
public record ForeignKey(
        String name,
        List<String> columns,
        String referencedSchema,
        String referencedTable,
        List<String> referencedColumns) {

    public ForeignKey {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(referencedSchema, "referencedSchema");
        Objects.requireNonNull(referencedTable, "referencedTable");
        referencedColumns = List.copyOf(referencedColumns);
    }
}
