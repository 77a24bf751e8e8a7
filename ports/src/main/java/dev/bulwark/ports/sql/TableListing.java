package dev.bulwark.ports.sql;

import java.util.List;

/**
 * The tables a catalog listing found, and whether there were more. Immutable.
 *
 * @param tables the tables, at most the number asked for
 * @param truncated whether the catalog holds more tables than {@code tables}
 */
public record TableListing(List<TableSummary> tables, boolean truncated) {

    public TableListing {
        tables = List.copyOf(tables);
    }
}
