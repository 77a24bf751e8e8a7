package dev.bulwark.postgres;

import dev.bulwark.ports.sql.TableColumn;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Runs a dialect's catalog query listing tables with their columns. Stateless.
 */
final class TableListingReader {

    private TableListingReader() {}

    /** Reads one listed column from its row. */
    @FunctionalInterface
    interface ColumnReader {
        TableColumn read(ResultSet row) throws SQLException;
    }

    /** Reads a row's table kind. */
    @FunctionalInterface
    interface KindReader {
        TableSummary.Kind read(ResultSet row) throws SQLException;
    }

    /**
     * {@code "?, ?, ?"}: one placeholder per schema, for the dialect's {@code IN (...)} list.
     */
    static String placeholders(Set<String> schemas) {
        return String.join(", ", Collections.nCopies(schemas.size(), "?"));
    }

    /**
     * Runs {@code sql}, whose columns 1 to 3 are schema, table and column name (null for a table without columns).
     */
    static TableListing list(
            Connection session, String sql, Set<String> schemas, int maxTables, KindReader kind, ColumnReader column)
            throws SQLException {
        if (schemas.isEmpty() || maxTables < 1) {
            return new TableListing(List.of(), false);
        }
        List<TableSummary> tables = new ArrayList<>();
        boolean truncated = false;
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            int index = 1;
            for (String schema : schemas.stream().sorted().toList()) {
                statement.setString(index++, schema);
            }
            statement.setInt(index, maxTables + 1);
            try (ResultSet rows = statement.executeQuery()) {
                String schema = null;
                String name = null;
                TableSummary.Kind tableKind = null;
                List<TableColumn> columns = new ArrayList<>();
                while (rows.next()) {
                    String rowSchema = rows.getString(1);
                    String rowName = rows.getString(2);
                    if (!rowSchema.equals(schema) || !rowName.equals(name)) {
                        if (name != null) {
                            tables.add(new TableSummary(schema, name, tableKind, columns));
                        }
                        if (tables.size() == maxTables) {
                            truncated = true;
                            name = null;
                            break;
                        }
                        schema = rowSchema;
                        name = rowName;
                        tableKind = kind.read(rows);
                        columns = new ArrayList<>();
                    }
                    if (rows.getString(3) != null) {
                        columns.add(column.read(rows));
                    }
                }
                if (name != null) {
                    tables.add(new TableSummary(schema, name, tableKind, columns));
                }
            }
        }
        return new TableListing(tables, truncated);
    }
}
