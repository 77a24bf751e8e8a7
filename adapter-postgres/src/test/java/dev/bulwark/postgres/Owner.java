package dev.bulwark.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Runs SQL as the schema owner, behind the ports' backs: fixtures, grants and checks that data is intact. */
final class Owner {

    private final DataSource dataSource;

    Owner(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("owner SQL failed: " + sql, e);
        }
    }

    Object query(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getObject(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("owner query failed: " + sql, e);
        }
    }
}
