package dev.bulwark.archfixtures.coreio.core.data;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks "core uses no I/O library": JDBC in the core instead of behind a port. */
public class JdbcRepository {

    public boolean isOpen(Connection connection) throws SQLException {
        return !connection.isClosed();
    }
}
