package dev.bulwark.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs one catalog query about a table, its names bound as parameters. Stateless.
 */
final class CatalogQuery {

    private CatalogQuery() {}

    /** Reads one row of a catalog query. */
    @FunctionalInterface
    interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /** Runs {@code sql} with {@code schema} and {@code table} as its first two parameters, row by row. */
    static void forEachRow(Connection session, String sql, String schema, String table, RowConsumer consumer)
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
}
