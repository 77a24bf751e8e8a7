package dev.bulwark.tools.business.sql;

import dev.bulwark.core.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * @param allowWrites whether {@code execute_query} and {@code batch_operations} may run writes (the caller also needs the write scope)
 * @param allowWritesWithoutWhere whether a write may be an {@code UPDATE} or {@code DELETE} without a {@code WHERE}
 *     clause, which changes every row of its table; refused when false (the default)
 * @param rowLimit rows returned by a query at most; more are cut and flagged {@code truncated}
 * @param allowedSchemas the schemas the SQL tools may see, as the catalog names them (case-sensitive)
 * @param batchMaxOperations statements one {@code batch_operations} call may hold at most
 * @param sqlReaderPassword the password the SQL tools log in to PostgreSQL with as {@code bulwark_sql_reader};
 *     secret. Set with {@code sqlWriterPassword}, or neither: then they switch to their roles with {@code SET ROLE}
 *     on the connections of the URL's user, which a statement that got past their checks could switch back
 * @param sqlWriterPassword the same for {@code bulwark_sql_writer}; secret. {@link #problemsWith} reports one
 *     password set without the other, or either without a URL
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
        int batchMaxOperations,
        Optional<Secret> sqlReaderPassword,
        Optional<Secret> sqlWriterPassword) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ROW_LIMIT = 1000;
    /**
     * The largest row limit: a result is cut at a million characters anyway, and the gateway asks the driver for one
     * row more than the limit, which must stay an {@code int}.
     */
    public static final int MAX_ROW_LIMIT = 1_000_000;

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
        requirePositive(connectionTimeout, "database.connection-timeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("database.connection-timeout must be at least 250ms (the pool's"
                    + " least), was " + connectionTimeout.toMillis() + "ms");
        }
        requirePositive(statementTimeout, "database.statement-timeout");
        if (rowLimit < 1 || rowLimit > MAX_ROW_LIMIT) {
            throw new IllegalArgumentException(
                    "database.row-limit must be from 1 to " + MAX_ROW_LIMIT + ", was " + rowLimit);
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
        Objects.requireNonNull(sqlReaderPassword, "database.sql-reader-password");
        Objects.requireNonNull(sqlWriterPassword, "database.sql-writer-password");
    }

    public static DatabaseSettings defaults() {
        return new DatabaseSettings(
                Optional.empty(),
                DEFAULT_POOL_SIZE,
                DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT,
                false,
                false,
                DEFAULT_ROW_LIMIT,
                DEFAULT_ALLOWED_SCHEMAS,
                DEFAULT_BATCH_MAX_OPERATIONS,
                Optional.empty(),
                Optional.empty());
    }

    /**
     * What is wrong across these settings and with the server's tool timeout: {@code "<key> <reason>"}, empty when
     * nothing. One SQL login password set without the other, or either without a URL. A tool timeout no longer than
     * the wait for a database connection: that abandons every call still waiting for one when PostgreSQL is down;
     * an abandoned call tells the database's circuit breaker nothing, so it never opens and every call keeps paying
     * the whole wait.
     */
    public List<String> problemsWith(Duration toolTimeout) {
        List<String> problems = new ArrayList<>();
        if (configured() && toolTimeout.compareTo(connectionTimeout) <= 0) {
            problems.add("limits.tool-timeout (" + toolTimeout.toMillis() + " ms) must be longer than"
                    + " database.connection-timeout (" + connectionTimeout.toMillis() + " ms): a call"
                    + " still waiting for a connection at its timeout tells the database's circuit breaker nothing,"
                    + " so an outage would never make database calls fail fast");
        }
        if (sqlReaderPassword.isPresent() != sqlWriterPassword.isPresent()) {
            problems.add(
                    sqlReaderPassword.isPresent()
                            ? "database.sql-writer-password must be set with database.sql-reader-password: the SQL tools log"
                                    + " in as both of their roles, or as neither"
                            : "database.sql-reader-password must be set with database.sql-writer-password: the SQL tools log"
                                    + " in as both of their roles, or as neither");
        } else if (sqlLogins() && !configured()) {
            problems.add("database.sql-reader-password needs database.url (as does database.sql-writer-password):"
                    + " the embedded database creates the SQL tools' logins itself");
        }
        return problems;
    }

    /** Whether the SQL tools log in to PostgreSQL as their own roles (both passwords are set). */
    public boolean sqlLogins() {
        return sqlReaderPassword.isPresent() && sqlWriterPassword.isPresent();
    }

    /** Whether an external database is configured (otherwise the embedded one serves). */
    public boolean configured() {
        return url.isPresent();
    }

    private static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link DatabaseSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private Optional<Secret> url;
        private int poolSize;
        private Duration connectionTimeout;
        private Duration statementTimeout;
        private boolean allowWrites;
        private boolean allowWritesWithoutWhere;
        private int rowLimit;
        private Set<String> allowedSchemas;
        private int batchMaxOperations;
        private Optional<Secret> sqlReaderPassword;
        private Optional<Secret> sqlWriterPassword;

        private Builder(DatabaseSettings from) {
            this.url = from.url;
            this.poolSize = from.poolSize;
            this.connectionTimeout = from.connectionTimeout;
            this.statementTimeout = from.statementTimeout;
            this.allowWrites = from.allowWrites;
            this.allowWritesWithoutWhere = from.allowWritesWithoutWhere;
            this.rowLimit = from.rowLimit;
            this.allowedSchemas = from.allowedSchemas;
            this.batchMaxOperations = from.batchMaxOperations;
            this.sqlReaderPassword = from.sqlReaderPassword;
            this.sqlWriterPassword = from.sqlWriterPassword;
        }

        public Builder url(Optional<Secret> value) {
            this.url = value;
            return this;
        }

        public Builder poolSize(int value) {
            this.poolSize = value;
            return this;
        }

        public Builder connectionTimeout(Duration value) {
            this.connectionTimeout = value;
            return this;
        }

        public Builder statementTimeout(Duration value) {
            this.statementTimeout = value;
            return this;
        }

        public Builder allowWrites(boolean value) {
            this.allowWrites = value;
            return this;
        }

        public Builder allowWritesWithoutWhere(boolean value) {
            this.allowWritesWithoutWhere = value;
            return this;
        }

        public Builder rowLimit(int value) {
            this.rowLimit = value;
            return this;
        }

        public Builder allowedSchemas(Set<String> value) {
            this.allowedSchemas = value;
            return this;
        }

        public Builder batchMaxOperations(int value) {
            this.batchMaxOperations = value;
            return this;
        }

        public Builder sqlReaderPassword(Optional<Secret> value) {
            this.sqlReaderPassword = value;
            return this;
        }

        public Builder sqlWriterPassword(Optional<Secret> value) {
            this.sqlWriterPassword = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the key of a value out of range. */
        public DatabaseSettings build() {
            return new DatabaseSettings(
                    url,
                    poolSize,
                    connectionTimeout,
                    statementTimeout,
                    allowWrites,
                    allowWritesWithoutWhere,
                    rowLimit,
                    allowedSchemas,
                    batchMaxOperations,
                    sqlReaderPassword,
                    sqlWriterPassword);
        }
    }
}
