package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** The pool settings both databases share: every wait bounded, no connection held forever. Stateless. */
final class Pools {

    private Pools() {}

    /**
     * Sizes and bounds a pool: {@code poolSize} connections for the tools plus one for health checks and
     * migrations, the connection timeout from the options (not HikariCP's 30 s), a validation timeout below it,
     * keepalive and lifetime so dead connections are found, and a leak warning for a connection held longer than
     * any statement may run. The pool starts without connecting, so the server starts when the database is down, and
     * without idle connections: opening them would open the database before anything needs it (the embedded one
     * costs a good part of a start). {@link Connections} raises the minimum to {@link #minimumIdle} once the schema
     * is migrated.
     */
    static void bound(HikariConfig config, DatabaseSettings options) {
        long connectionMs = options.connectionTimeout().toMillis();
        config.setMaximumPoolSize(options.poolSize() + 1);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(connectionMs);
        config.setValidationTimeout(Math.max(250, Math.min(1_000, connectionMs / 2)));
        config.setInitializationFailTimeout(-1);
        config.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(15).toMillis());
        config.setLeakDetectionThreshold(
                Math.max(2_000, options.socketTimeout().plusSeconds(5).toMillis()));
    }

    /** The idle connections the pool keeps once the schema is migrated and while the database is up. */
    static int minimumIdle(DatabaseSettings options) {
        return Math.min(2, options.poolSize() + 1);
    }

    static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection: the pool evicts it
        }
    }
}
