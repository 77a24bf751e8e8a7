package dev.bulwark.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The database behind the user and SQL tools. Without a URL an embedded database (H2 in PostgreSQL mode) serves.
 *
 * @param url JDBC or {@code postgres://} URL, possibly with credentials ({@code DATABASE_URL}); secret
 * @param poolSize pooled connections at most
 * @param connectionTimeout time to get a connection before the call fails fast
 * @param statementTimeout time one statement may run; the query cannot switch it off
 * @param allowWrites whether {@code execute_query} may run writes (the caller also needs the write scope)
 * @param allowWritesWithoutWhere whether a write may be an {@code UPDATE} or {@code DELETE} without a {@code WHERE}
 *     clause, which changes every row of its table; refused when false (the default)
 * @param rowLimit rows returned by a query at most; more are cut and flagged {@code truncated}
 * @param allowedSchemas the schemas the SQL tools may see, as the catalog names them (case-sensitive)
 * @param batchMaxOperations statements one {@code batch_operations} call may hold at most
 */
public record DatabaseSettings(
        Optional<Secret> url,
        int poolSize,
        Duration connectionTimeout,
        Duration statementTimeout,
        boolean allowWrites,
        boolean allowWritesWithoutWhere,
        int rowLimit,
        Set<String> allowedSchemas,
        int batchMaxOperations) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ROW_LIMIT = 1000;
    public static final Set<String> DEFAULT_ALLOWED_SCHEMAS = Set.of("public");
    public static final int DEFAULT_BATCH_MAX_OPERATIONS = 20;
    /**
     * The schema of the server's own tables (users, the migration history), which the SQL tools must never reach;
     * the PostgreSQL adapter migrates it under this name.
     */
    public static final String INTERNAL_SCHEMA = "bulwark";

    public DatabaseSettings {
        Objects.requireNonNull(url, "database.url");
        if (poolSize < 1) {
            throw new IllegalArgumentException("database.pool-size must be at least 1, was " + poolSize);
        }
        HttpSettings.requirePositive(connectionTimeout, "database.connection-timeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("database.connection-timeout must be at least 250ms (the pool's"
                    + " least), was " + connectionTimeout.toMillis() + "ms");
        }
        HttpSettings.requirePositive(statementTimeout, "database.statement-timeout");
        if (rowLimit < 1) {
            throw new IllegalArgumentException("database.row-limit must be at least 1, was " + rowLimit);
        }
        allowedSchemas = Set.copyOf(Objects.requireNonNull(allowedSchemas, "database.allowed-schemas"));
        if (allowedSchemas.isEmpty()) {
            throw new IllegalArgumentException("database.allowed-schemas must name at least one schema");
        }
        if (allowedSchemas.stream().anyMatch(INTERNAL_SCHEMA::equalsIgnoreCase)) {
            throw new IllegalArgumentException("database.allowed-schemas may not name '" + INTERNAL_SCHEMA
                    + "': it holds the server's own tables, which the SQL tools must not reach");
        }
        if (batchMaxOperations < 1) {
            throw new IllegalArgumentException(
                    "database.batch-max-operations must be at least 1, was " + batchMaxOperations);
        }
    }

    public static DatabaseSettings defaults() {
        return new DatabaseSettings(Optional.empty(), DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT, false, false, DEFAULT_ROW_LIMIT, DEFAULT_ALLOWED_SCHEMAS,
                DEFAULT_BATCH_MAX_OPERATIONS);
    }

    /** Whether an external database is configured (otherwise the embedded one serves). */
    public boolean configured() {
        return url.isPresent();
    }

    /** A copy with {@code url} replaced. */
    public DatabaseSettings withUrl(Optional<Secret> value) {
        return new DatabaseSettings(value, poolSize, connectionTimeout, statementTimeout, allowWrites,
                allowWritesWithoutWhere, rowLimit, allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code poolSize} replaced. */
    public DatabaseSettings withPoolSize(int value) {
        return new DatabaseSettings(url, value, connectionTimeout, statementTimeout, allowWrites,
                allowWritesWithoutWhere, rowLimit, allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code connectionTimeout} replaced. */
    public DatabaseSettings withConnectionTimeout(Duration value) {
        return new DatabaseSettings(url, poolSize, value, statementTimeout, allowWrites, allowWritesWithoutWhere,
                rowLimit, allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code statementTimeout} replaced. */
    public DatabaseSettings withStatementTimeout(Duration value) {
        return new DatabaseSettings(url, poolSize, connectionTimeout, value, allowWrites, allowWritesWithoutWhere,
                rowLimit, allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code allowWrites} replaced. */
    public DatabaseSettings withAllowWrites(boolean value) {
        return new DatabaseSettings(url, poolSize, connectionTimeout, statementTimeout, value, allowWritesWithoutWhere,
                rowLimit, allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code allowWritesWithoutWhere} replaced. */
    public DatabaseSettings withAllowWritesWithoutWhere(boolean value) {
        return new DatabaseSettings(url, poolSize, connectionTimeout, statementTimeout, allowWrites, value, rowLimit,
                allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code rowLimit} replaced. */
    public DatabaseSettings withRowLimit(int value) {
        return new DatabaseSettings(url, poolSize, connectionTimeout, statementTimeout, allowWrites,
                allowWritesWithoutWhere, value, allowedSchemas, batchMaxOperations);
    }

    /** A copy with {@code allowedSchemas} replaced. */
    public DatabaseSettings withAllowedSchemas(Set<String> value) {
        return new DatabaseSettings(url, poolSize, connectionTimeout, statementTimeout, allowWrites,
                allowWritesWithoutWhere, rowLimit, value, batchMaxOperations);
    }

    /** A copy with {@code batchMaxOperations} replaced. */
    public DatabaseSettings withBatchMaxOperations(int value) {
        return new DatabaseSettings(url, poolSize, connectionTimeout, statementTimeout, allowWrites,
                allowWritesWithoutWhere, rowLimit, allowedSchemas, value);
    }
}
