package dev.bulwark.postgres;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the {@code bulwark} schema up to date with Flyway, once, as soon as the database can be reached.
 * Thread-safe.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** The schema of Bulwark's own tables and of Flyway's history. */
    static final String SCHEMA = "bulwark";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Runnable onMigrated;
    private volatile boolean migrated;
    private volatile boolean attempted;

    /** {@code onMigrated} runs once, on the thread that migrated, when the schema has become current. */
    SchemaMigrator(DataSource dataSource, Dialect dialect, Runnable onMigrated) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.onMigrated = onMigrated;
    }

    /** Flyway, configured when first needed: loading it is a good part of a start's cost. */
    private Flyway flyway() {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations("classpath:dev/bulwark/postgres/migration")
                .failOnMissingLocations(true)
                .connectRetries(0)
                .load();
    }

    /** Whether a migration was ever started: before that, nothing has connected to the database. */
    boolean wasAttempted() {
        return attempted;
    }

    /** Whether the schema is known to be current. */
    boolean isMigrated() {
        return migrated;
    }

    /**
     * Migrates if that has not happened yet.
     *
     * @throws SQLException when the database cannot be reached (a connection failure the guard counts)
     * @throws IllegalStateException when a migration itself fails
     */
    void ensureMigrated() throws SQLException {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            attempted = true;
            try {
                int applied = flyway().migrate().migrationsExecuted;
                dialect.afterMigration();
                migrated = true;
                onMigrated.run();
                LOG.info(
                        "Database schema '{}' is current on {} ({} migration(s) applied now)",
                        SCHEMA,
                        dialect.name(),
                        applied);
            } catch (FlywayException e) {
                SQLException cause = sqlCause(e);
                if (cause != null && SqlErrors.isConnectionFailure(cause)) {
                    throw cause;
                }
                throw new IllegalStateException("database migration failed", e);
            }
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
