package dev.bulwark.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Hands out the owner's pooled connections once the schema is current. Thread-safe.
 */
final class Connections {

    private final OwnerPool pool;
    private final SchemaMigrator migrator;
    private final int validationSeconds;
    private final int minimumIdle;
    private boolean migrated;
    private boolean down;

    Connections(OwnerPool pool, SchemaMigrator migrator, DatabaseSettings options) {
        this.pool = pool;
        this.minimumIdle = Pools.minimumIdle(options);
        this.migrator = migrator;
        this.validationSeconds = DatabaseSettings.seconds(options.connectionTimeout());
    }

    /** A pooled connection for work that only reads. */
    Connection forRead() throws SQLException {
        migrator.ensureMigrated();
        return pool.getConnection();
    }

    /**
     * A pooled connection known to be alive, for work that writes: checked with a round trip first, so nothing is sent
     * on a connection whose backend died since it was last used.
     */
    Connection forWrite() throws SQLException {
        migrator.ensureMigrated();
        int attempts = pool.maximumSize() + 1;
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
            pool.evict(connection);
            if (attempt >= attempts) {
                throw new SQLTransientConnectionException("no live database connection", "08006");
            }
        }
    }

    /**
     * While the database is down (its circuit breaker open), the pool keeps no minimum of idle connections: HikariCP
     * would otherwise go on trying to open them in the background, waiting longer after each failure (up to 5 s),
     * and a call let through once the database is back would wait for that back-off to end, longer than its own
     * connection timeout. Without the minimum, the background attempts stop once no call waits, and the first call
     * after the outage starts a fresh one at once. Restored when the breaker closes.
     */
    synchronized void outage(boolean down) {
        this.down = down;
        keepIdle();
    }

    /**
     * The schema is migrated: the pool keeps its minimum of idle connections from now on (none before, so that
     * nothing opens the database before it is needed), unless the database is down.
     */
    synchronized void migrated() {
        this.migrated = true;
        keepIdle();
    }

    private void keepIdle() {
        pool.keepIdle(migrated && !down ? minimumIdle : 0);
    }

    /** Drops the pool's idle connections (and retires busy ones when returned), after a connection failure. */
    void evictAll() {
        pool.evictIdle();
    }
}
