package dev.bulwark.bootstrap.config;

import static dev.bulwark.bootstrap.config.Sections.database;
import static dev.bulwark.bootstrap.config.Sections.sqlTools;

import dev.bulwark.core.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of the database behind the server jar ({@code database.*}), in catalogue order. Each fills one component
 * of {@link dev.bulwark.postgres.DatabaseOptions}, or of {@link dev.bulwark.tools.business.sql.SqlToolSettings} for
 * what only the SQL tools read.
 */
public final class DatabaseKeys {

    /** {@code database.url}. */
    public static final ConfigKey<Optional<Secret>> DATABASE_URL = ConfigKey.of(
                    "database.url",
                    "DATABASE_URL",
                    "--database-url",
                    ConfigType.SECRET,
                    "JDBC or postgres:// URL of the database; unset = embedded H2 in PostgreSQL mode",
                    config -> config.database().url().map(Secret::of),
                    (config, value) -> database(config, database -> database.url(value.map(Secret::reveal))))
            .asSecret();

    /** {@code database.pool-size}. */
    public static final ConfigKey<Integer> DATABASE_POOL_SIZE = ConfigKey.of(
            "database.pool-size",
            "MCP_DATABASE_POOL_SIZE",
            "--database-pool-size",
            ConfigType.INT,
            "Pooled database connections at most",
            config -> config.database().poolSize(),
            (config, value) -> database(config, database -> database.poolSize(value)));

    /** {@code database.connection-timeout}. */
    public static final ConfigKey<Duration> DATABASE_CONNECTION_TIMEOUT = ConfigKey.of(
            "database.connection-timeout",
            "MCP_DATABASE_CONNECTION_TIMEOUT",
            "--database-connection-timeout",
            ConfigType.DURATION,
            "Time to get a database connection before the call fails fast",
            config -> config.database().connectionTimeout(),
            (config, value) -> database(config, database -> database.connectionTimeout(value)));

    /** {@code database.statement-timeout}. */
    public static final ConfigKey<Duration> DATABASE_STATEMENT_TIMEOUT = ConfigKey.of(
            "database.statement-timeout",
            "MCP_DATABASE_STATEMENT_TIMEOUT",
            "--database-statement-timeout",
            ConfigType.DURATION,
            "Time one SQL statement may run",
            config -> config.database().statementTimeout(),
            (config, value) -> database(config, database -> database.statementTimeout(value)));

    /** {@code database.allow-writes}. */
    public static final ConfigKey<Boolean> DATABASE_ALLOW_WRITES = ConfigKey.of(
            "database.allow-writes",
            "MCP_DATABASE_ALLOW_WRITES",
            "--database-allow-writes",
            ConfigType.BOOLEAN,
            "Whether execute_query and batch_operations may write (the caller also needs the sql:write scope)",
            config -> config.sqlTools().allowWrites(),
            (config, value) -> sqlTools(config, sqlTools -> sqlTools.allowWrites(value)));

    /** {@code database.allow-writes-without-where}. */
    public static final ConfigKey<Boolean> DATABASE_ALLOW_WRITES_WITHOUT_WHERE = ConfigKey.of(
            "database.allow-writes-without-where",
            "MCP_DATABASE_ALLOW_WRITES_WITHOUT_WHERE",
            "--database-allow-writes-without-where",
            ConfigType.BOOLEAN,
            "Whether a write may be an UPDATE or DELETE without a WHERE clause, which changes every row of its table",
            config -> config.sqlTools().allowWritesWithoutWhere(),
            (config, value) -> sqlTools(config, sqlTools -> sqlTools.allowWritesWithoutWhere(value)));

    /** {@code database.row-limit}. */
    public static final ConfigKey<Integer> DATABASE_ROW_LIMIT = ConfigKey.of(
            "database.row-limit",
            "MCP_DATABASE_ROW_LIMIT",
            "--database-row-limit",
            ConfigType.INT,
            "Rows a query returns at most; more are cut and flagged truncated",
            config -> config.sqlTools().rowLimit(),
            (config, value) -> sqlTools(config, sqlTools -> sqlTools.rowLimit(value)));

    /** {@code database.allowed-schemas}. */
    public static final ConfigKey<Set<String>> DATABASE_ALLOWED_SCHEMAS = ConfigKey.of(
            "database.allowed-schemas",
            "MCP_DATABASE_ALLOWED_SCHEMAS",
            "--database-allowed-schemas",
            ConfigType.LIST,
            "Schemas the SQL tools may see, comma-separated; the SQL roles need privileges there too",
            config -> config.database().allowedSchemas(),
            (config, value) -> database(config, database -> database.allowedSchemas(value)));

    /** {@code database.batch-max-operations}. */
    public static final ConfigKey<Integer> DATABASE_BATCH_MAX_OPERATIONS = ConfigKey.of(
            "database.batch-max-operations",
            "MCP_DATABASE_BATCH_MAX_OPERATIONS",
            "--database-batch-max-operations",
            ConfigType.INT,
            "Statements one batch_operations call may hold at most",
            config -> config.sqlTools().batchMaxOperations(),
            (config, value) -> sqlTools(config, sqlTools -> sqlTools.batchMaxOperations(value)));

    /** {@code database.sql-reader-password}. */
    public static final ConfigKey<Optional<Secret>> DATABASE_SQL_READER_PASSWORD = ConfigKey.of(
                    "database.sql-reader-password",
                    "DATABASE_SQL_READER_PASSWORD",
                    "--database-sql-reader-password",
                    ConfigType.SECRET,
                    "Password the SQL tools log in to PostgreSQL with as bulwark_sql_reader; set with the writer's."
                            + " Unset = they switch roles on the database.url user's connections (weaker)",
                    config -> config.database().sqlReaderPassword().map(Secret::of),
                    (config, value) ->
                            database(config, database -> database.sqlReaderPassword(value.map(Secret::reveal))))
            .asSecret();

    /** {@code database.sql-writer-password}. */
    public static final ConfigKey<Optional<Secret>> DATABASE_SQL_WRITER_PASSWORD = ConfigKey.of(
                    "database.sql-writer-password",
                    "DATABASE_SQL_WRITER_PASSWORD",
                    "--database-sql-writer-password",
                    ConfigType.SECRET,
                    "Password the SQL tools log in to PostgreSQL with as bulwark_sql_writer; set with the reader's",
                    config -> config.database().sqlWriterPassword().map(Secret::of),
                    (config, value) ->
                            database(config, database -> database.sqlWriterPassword(value.map(Secret::reveal))))
            .asSecret();

    private static final List<ConfigKey<?>> ALL = List.of(
            DATABASE_URL,
            DATABASE_SQL_READER_PASSWORD,
            DATABASE_SQL_WRITER_PASSWORD,
            DATABASE_POOL_SIZE,
            DATABASE_CONNECTION_TIMEOUT,
            DATABASE_STATEMENT_TIMEOUT,
            DATABASE_ALLOW_WRITES,
            DATABASE_ALLOW_WRITES_WITHOUT_WHERE,
            DATABASE_ROW_LIMIT,
            DATABASE_ALLOWED_SCHEMAS,
            DATABASE_BATCH_MAX_OPERATIONS);

    private DatabaseKeys() {}

    /** Every key of this table, in catalogue order. */
    static List<ConfigKey<?>> all() {
        return ALL;
    }
}
