package dev.bulwark.postgres;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys of the database ({@code database.*} but what only the SQL tools read), in catalogue order: each reads and
 * sets one component of {@link DatabaseSettings}.
 */
public final class DatabaseKeys {

    /** {@code database.url}. */
    public static final ConfigKey<DatabaseSettings, Optional<String>> DATABASE_URL = ConfigKey.of(
            "database.url",
            "DATABASE_URL",
            "--database-url",
            ConfigType.SECRET,
            "JDBC or postgres:// URL of the database; unset = embedded H2 in PostgreSQL mode",
            settings -> settings.url(),
            (settings, value) -> with(settings, database -> database.url(value)));

    /** {@code database.pool-size}. */
    public static final ConfigKey<DatabaseSettings, Integer> DATABASE_POOL_SIZE = ConfigKey.of(
            "database.pool-size",
            "MCP_DATABASE_POOL_SIZE",
            "--database-pool-size",
            ConfigType.INT,
            "Pooled database connections at most",
            DatabaseSettings::poolSize,
            (settings, value) -> with(settings, database -> database.poolSize(value)));

    /** {@code database.connection-timeout}. */
    public static final ConfigKey<DatabaseSettings, Duration> DATABASE_CONNECTION_TIMEOUT = ConfigKey.of(
            "database.connection-timeout",
            "MCP_DATABASE_CONNECTION_TIMEOUT",
            "--database-connection-timeout",
            ConfigType.DURATION,
            "Time to get a database connection before the call fails fast",
            DatabaseSettings::connectionTimeout,
            (settings, value) -> with(settings, database -> database.connectionTimeout(value)));

    /** {@code database.statement-timeout}. */
    public static final ConfigKey<DatabaseSettings, Duration> DATABASE_STATEMENT_TIMEOUT = ConfigKey.of(
            "database.statement-timeout",
            "MCP_DATABASE_STATEMENT_TIMEOUT",
            "--database-statement-timeout",
            ConfigType.DURATION,
            "Time one SQL statement may run",
            DatabaseSettings::statementTimeout,
            (settings, value) -> with(settings, database -> database.statementTimeout(value)));

    /** {@code database.allowed-schemas}. */
    public static final ConfigKey<DatabaseSettings, Set<String>> DATABASE_ALLOWED_SCHEMAS = ConfigKey.of(
            "database.allowed-schemas",
            "MCP_DATABASE_ALLOWED_SCHEMAS",
            "--database-allowed-schemas",
            ConfigType.LIST,
            "Schemas the SQL tools may see, comma-separated; the SQL roles need privileges there too",
            DatabaseSettings::allowedSchemas,
            (settings, value) -> with(settings, database -> database.allowedSchemas(value)));

    /** {@code database.sql-reader-password}. */
    public static final ConfigKey<DatabaseSettings, Optional<String>> DATABASE_SQL_READER_PASSWORD = ConfigKey.of(
            "database.sql-reader-password",
            "DATABASE_SQL_READER_PASSWORD",
            "--database-sql-reader-password",
            ConfigType.SECRET,
            "Password the SQL tools log in to PostgreSQL with as bulwark_sql_reader; set with the writer's."
                    + " Unset = they switch roles on the database.url user's connections (weaker)",
            settings -> settings.sqlReaderPassword(),
            (settings, value) -> with(settings, database -> database.sqlReaderPassword(value)));

    /** {@code database.sql-writer-password}. */
    public static final ConfigKey<DatabaseSettings, Optional<String>> DATABASE_SQL_WRITER_PASSWORD = ConfigKey.of(
            "database.sql-writer-password",
            "DATABASE_SQL_WRITER_PASSWORD",
            "--database-sql-writer-password",
            ConfigType.SECRET,
            "Password the SQL tools log in to PostgreSQL with as bulwark_sql_writer; set with the reader's",
            settings -> settings.sqlWriterPassword(),
            (settings, value) -> with(settings, database -> database.sqlWriterPassword(value)));

    private static final List<ConfigKey<DatabaseSettings, ?>> ALL = List.of(
            DATABASE_URL,
            DATABASE_SQL_READER_PASSWORD,
            DATABASE_SQL_WRITER_PASSWORD,
            DATABASE_POOL_SIZE,
            DATABASE_CONNECTION_TIMEOUT,
            DATABASE_STATEMENT_TIMEOUT,
            DATABASE_ALLOWED_SCHEMAS);

    private DatabaseKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<DatabaseSettings, ?>> all() {
        return ALL;
    }

    private static DatabaseSettings with(DatabaseSettings settings, UnaryOperator<DatabaseSettings.Builder> change) {
        return change.apply(settings.toBuilder()).build();
    }
}
