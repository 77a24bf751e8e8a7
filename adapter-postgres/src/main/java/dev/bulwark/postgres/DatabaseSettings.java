package dev.bulwark.postgres;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The database behind the user and SQL tools and how the adapter connects to it ({@code database.*}); without a URL
 * an embedded H2 database in PostgreSQL mode serves. Immutable; its {@link #toString()} never shows the URL or a
 * password.
 *
 * @param url a {@code postgres://user:pass@host:port/db?...}, {@code postgresql://...} or
 *     {@code jdbc:postgresql://...} URL, possibly with credentials ({@code DATABASE_URL}); secret. Empty for the
 *     embedded H2 database
 * @param poolSize connections the tools may use at once (the pool keeps one more for health checks)
 * @param connectionTimeout time to get a connection before the call fails fast (also the driver's connect and login
 *     timeouts)
 * @param statementTimeout time one statement may run; the query cannot switch it off, and the driver's socket timeout
 *     is set above it
 * @param allowedSchemas the schemas the SQL tools may see and their statements resolve unqualified names in, as the
 *     catalog names them (case-sensitive)
 * @param sqlReaderPassword the password the SQL tools log in to PostgreSQL with as {@code bulwark_sql_reader};
 *     secret. Set with {@code sqlWriterPassword}, or neither: then they switch to their roles with {@code SET LOCAL
 *     ROLE} on the connections of the URL's login, which a statement that got past their checks could switch back
 *     (see {@link SqlLogins})
 * @param sqlWriterPassword the same for {@code bulwark_sql_writer}; secret. {@link #problemsWith} reports one
 *     password set without the other, or either without a URL
 */
public record DatabaseSettings(
        Optional<String> url,
        int poolSize,
        Duration connectionTimeout,
        Duration statementTimeout,
        Set<String> allowedSchemas,
        Optional<String> sqlReaderPassword,
        Optional<String> sqlWriterPassword) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    public static final Set<String> DEFAULT_ALLOWED_SCHEMAS = Set.of("public");

    public DatabaseSettings {
        Objects.requireNonNull(url, "database.url");
        if (poolSize < 1) {
            throw ConfigProblem.of("database.pool-size", "must be at least 1, was " + poolSize)
                    .refusal();
        }
        requirePositive(connectionTimeout, "database.connection-timeout");
        if (connectionTimeout.toMillis() < 250) {
            throw ConfigProblem.of(
                            "database.connection-timeout",
                            "must be at least 250ms (the pool's least), was " + connectionTimeout.toMillis() + "ms")
                    .refusal();
        }
        requirePositive(statementTimeout, "database.statement-timeout");
        allowedSchemas = Set.copyOf(Objects.requireNonNull(allowedSchemas, "database.allowed-schemas"));
        if (allowedSchemas.isEmpty()) {
            throw ConfigProblem.of("database.allowed-schemas", "must name at least one schema")
                    .refusal();
        }
        if (allowedSchemas.stream().anyMatch(SchemaMigrator.SCHEMA::equalsIgnoreCase)) {
            throw ConfigProblem.of(
                            "database.allowed-schemas",
                            "may not name '" + SchemaMigrator.SCHEMA
                                    + "': it holds the server's own tables, which the SQL tools must not reach")
                    .refusal();
        }
        Objects.requireNonNull(sqlReaderPassword, "database.sql-reader-password");
        Objects.requireNonNull(sqlWriterPassword, "database.sql-writer-password");
    }

    /** The embedded database; the production pool and timeouts; the SQL tools see {@code public}. */
    public static DatabaseSettings defaults() {
        return new DatabaseSettings(
                Optional.empty(),
                DEFAULT_POOL_SIZE,
                DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT,
                DEFAULT_ALLOWED_SCHEMAS,
                Optional.empty(),
                Optional.empty());
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Checks a {@code DATABASE_URL} before anything is built with it.
     *
     * @throws IllegalArgumentException saying what is wrong with it, never quoting it (it may hold a password)
     */
    public static void checkUrl(String url) {
        PostgresUrl.parse(url);
    }

    /**
     * What is wrong across these options and with the server's tool timeout; empty when nothing. One SQL login password set without the other, or either without a URL. A tool timeout no longer than
     * the wait for a database connection: that abandons every call still waiting for one when PostgreSQL is down;
     * an abandoned call tells the database's circuit breaker nothing, so it never opens and every call keeps paying
     * the whole wait.
     */
    public List<ConfigProblem> problemsWith(Duration toolTimeout) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (configured() && toolTimeout.compareTo(connectionTimeout) <= 0) {
            problems.add(ConfigProblem.of(
                    "limits.tool-timeout",
                    "(" + toolTimeout.toMillis() + " ms) must be longer than database.connection-timeout ("
                            + connectionTimeout.toMillis() + " ms): a call still waiting for a connection at its"
                            + " timeout tells the database's circuit breaker nothing, so an outage would never make"
                            + " database calls fail fast"));
        }
        if (sqlReaderPassword.isPresent() != sqlWriterPassword.isPresent()) {
            String missing =
                    sqlReaderPassword.isPresent() ? "database.sql-writer-password" : "database.sql-reader-password";
            String given =
                    sqlReaderPassword.isPresent() ? "database.sql-reader-password" : "database.sql-writer-password";
            problems.add(ConfigProblem.of(
                    missing,
                    "must be set with " + given + ": the SQL tools log in as both of their roles, or as neither"));
        } else if (sqlLogins().isPresent() && !configured()) {
            problems.add(ConfigProblem.of(
                    "database.sql-reader-password",
                    "needs database.url (as does database.sql-writer-password): the embedded database creates the SQL"
                            + " tools' logins itself"));
        }
        return problems;
    }

    /** Whether an external database is configured (otherwise the embedded one serves). */
    public boolean configured() {
        return url.isPresent();
    }

    /** How the SQL tools log in to PostgreSQL as their own roles: present when both passwords are set. */
    public Optional<SqlLogins> sqlLogins() {
        return sqlReaderPassword.isPresent() && sqlWriterPassword.isPresent()
                ? Optional.of(new SqlLogins(sqlReaderPassword.get(), sqlWriterPassword.get()))
                : Optional.empty();
    }

    /** The driver's socket timeout: above the statement timeout, so the server's own timeout answers first. */
    Duration socketTimeout() {
        return statementTimeout.plus(connectionTimeout).plusSeconds(5);
    }

    /** Whole seconds, at least one, for the JDBC APIs that count in seconds. */
    static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw ConfigProblem.of(key, "must be positive, was " + value).refusal();
        }
    }

    @Override
    public String toString() {
        // The URL and the passwords are secrets: never print them.
        return "DatabaseSettings[url=" + (url.isPresent() ? "****" : "embedded") + ", poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + ", statementTimeout=" + statementTimeout
                + ", allowedSchemas=" + allowedSchemas + ", sqlLogins="
                + (sqlReaderPassword.isPresent() || sqlWriterPassword.isPresent() ? "****" : "none") + "]";
    }

    /**
     * Builds {@link DatabaseSettings}; {@link #build()} checks every value and names the key of the first one out of
     * range. The record's components say what each means. Not thread-safe.
     */
    public static final class Builder {
        private Optional<String> url;
        private int poolSize;
        private Duration connectionTimeout;
        private Duration statementTimeout;
        private Set<String> allowedSchemas;
        private Optional<String> sqlReaderPassword;
        private Optional<String> sqlWriterPassword;

        private Builder(DatabaseSettings from) {
            this.url = from.url;
            this.poolSize = from.poolSize;
            this.connectionTimeout = from.connectionTimeout;
            this.statementTimeout = from.statementTimeout;
            this.allowedSchemas = from.allowedSchemas;
            this.sqlReaderPassword = from.sqlReaderPassword;
            this.sqlWriterPassword = from.sqlWriterPassword;
        }

        public Builder url(Optional<String> value) {
            this.url = value;
            return this;
        }

        /** The URL of a PostgreSQL database: {@code url(Optional.of(value))}. */
        public Builder url(String value) {
            return url(Optional.of(value));
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

        public Builder allowedSchemas(Set<String> value) {
            this.allowedSchemas = value;
            return this;
        }

        public Builder sqlReaderPassword(Optional<String> value) {
            this.sqlReaderPassword = value;
            return this;
        }

        public Builder sqlWriterPassword(Optional<String> value) {
            this.sqlWriterPassword = value;
            return this;
        }

        /** Both SQL login passwords from {@code logins}. */
        public Builder sqlLogins(SqlLogins logins) {
            this.sqlReaderPassword = Optional.of(logins.readerPassword());
            this.sqlWriterPassword = Optional.of(logins.writerPassword());
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the key of the first value out of range
         * @throws NullPointerException naming the key of the first value missing
         */
        public DatabaseSettings build() {
            return new DatabaseSettings(
                    url,
                    poolSize,
                    connectionTimeout,
                    statementTimeout,
                    allowedSchemas,
                    sqlReaderPassword,
                    sqlWriterPassword);
        }
    }
}
