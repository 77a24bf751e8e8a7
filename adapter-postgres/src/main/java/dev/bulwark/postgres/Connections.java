package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands out the owner's pooled connections once the schema is current. A connection for a write is checked first
 * (a round trip, so nothing is sent on a connection whose backend died since it was last used); a dead one is
 * evicted and another taken, within the pool's size. Thread-safe.
 */
final class Connections {

    private final HikariDataSource pool;
    private final SchemaMigrator migrator;
    private final int validationSeconds;

    Connections(HikariDataSource pool, SchemaMigrator migrator, DatabaseOptions options) {
        this.pool = pool;
        this.migrator = migrator;
        this.validationSeconds = DatabaseOptions.seconds(options.connectionTimeout());
    }

    /** A pooled connection for work that only reads. */
    Connection forRead() throws SQLException {
        migrator.ensureMigrated();
        return pool.getConnection();
    }

    /** A pooled connection known to be alive, for work that writes. */
    Connection forWrite() throws SQLException {
        migrator.ensureMigrated();
        int attempts = pool.getMaximumPoolSize() + 1;
        for (int attempt = 1; ; attempt++) {
            Connection connection = pool.getConnection();
            boolean valid;
            try {
                valid = connection.isValid(validationSeconds);
            } catch (SQLException e) {
                valid = false;
            }
            if (valid) {
                return connection;
            }
            pool.evictConnection(connection);
            if (attempt >= attempts) {
                throw new java.sql.SQLTransientConnectionException("no live database connection", "08006");
            }
        }
    }

    /** Drops the pool's idle connections (and retires busy ones when returned), after a connection failure. */
    void evictAll() {
        var bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
        }
    }
}
