package dev.bulwark.postgres;

import dev.bulwark.ports.sql.ForeignKey;
import dev.bulwark.ports.sql.TableColumn;
import dev.bulwark.ports.sql.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describes one table with a dialect's catalog queries, its names bound as parameters. Stateless.
 */
final class CatalogQuery {

    private CatalogQuery() {}

    /** Reads one row of a catalog query. */
    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /**
     * The table as three catalog queries find it, each taking {@code schema} and {@code table} as its two parameters:
     * {@code columnsSql} lists its columns in order, each read by {@code column}; {@code primaryKeySql} the names of
     * its primary key's columns in order; {@code foreignKeysSql} one row per column of each foreign key, in key
     * order: the constraint's name, the column, and the referenced schema, table and column. Empty when the first
     * finds no column.
     */
    static Optional<TableSchema> describe(
            Connection session,
            String schema,
            String table,
            String columnsSql,
            TableListingReader.ColumnReader column,
            String primaryKeySql,
            String foreignKeysSql)
            throws SQLException {
        List<TableColumn> columns = new ArrayList<>();
        forEachRow(session, columnsSql, schema, table, rows -> columns.add(column.read(rows)));
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> primaryKey = new ArrayList<>();
        forEachRow(session, primaryKeySql, schema, table, rows -> primaryKey.add(rows.getString(1)));
        Map<String, ForeignKeyParts> keys = new LinkedHashMap<>();
        forEachRow(session, foreignKeysSql, schema, table, rows -> {
            ForeignKeyParts key = keys.computeIfAbsent(rows.getString(1), name -> new ForeignKeyParts());
            key.referencedSchema = rows.getString(3);
            key.referencedTable = rows.getString(4);
            key.columns.add(rows.getString(2));
            key.referencedColumns.add(rows.getString(5));
        });
        List<ForeignKey> foreignKeys = keys.entrySet().stream()
                .map(entry -> entry.getValue().toForeignKey(entry.getKey()))
                .toList();
        return Optional.of(new TableSchema(schema, table, columns, primaryKey, foreignKeys));
    }

    /** Runs {@code sql} with {@code schema} and {@code table} as its first two parameters, row by row. */
    private static void forEachRow(Connection session, String sql, String schema, String table, RowConsumer consumer)
            throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows);
                }
            }
        }
    }

    /** A foreign key being assembled from catalog rows. */
    private static final class ForeignKeyParts {
        private final List<String> columns = new ArrayList<>();
        private final List<String> referencedColumns = new ArrayList<>();
        private String referencedSchema;
        private String referencedTable;

        ForeignKey toForeignKey(String name) {
            return new ForeignKey(name, columns, referencedSchema, referencedTable, referencedColumns);
        }
    }
}
