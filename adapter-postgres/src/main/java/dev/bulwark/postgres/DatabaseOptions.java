package dev.bulwark.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the adapter connects and how long it waits. Immutable.
 *
 * @param url a {@code postgres://user:pass@host:port/db?...}, {@code postgresql://...} or
 *     {@code jdbc:postgresql://...} URL, possibly with credentials; empty for the embedded H2 database
 * @param poolSize connections the tools may use at once (the pool keeps one more for health checks)
 * @param connectionTimeout time to get a connection (also the driver's connect and login timeouts)
 * @param statementTimeout time one statement may run; the driver's socket timeout is set above it
 * @param allowedSchemas the schemas the SQL tools' statements resolve unqualified names in
 * @param breakerFailureThreshold consecutive connection failures that open the circuit breaker
 * @param breakerOpenDelay how long the open breaker fails calls at once before it lets a trial call through
 * @param sqlLogins how the SQL tools log in to PostgreSQL as their own roles; empty to switch to them with
 *     {@code SET LOCAL ROLE} from the URL's login (weaker: see {@link SqlLogins}). Only for a PostgreSQL URL
 */
public record DatabaseOptions(
        Optional<String> url,
        int poolSize,
        Duration connectionTimeout,
        Duration statementTimeout,
        Set<String> allowedSchemas,
        int breakerFailureThreshold,
        Duration breakerOpenDelay,
        Optional<SqlLogins> sqlLogins) {

    /** Consecutive connection failures that open the breaker, unless told otherwise. */
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 3;
    /** How long the breaker stays open before a trial call, unless told otherwise. */
    public static final Duration DEFAULT_BREAKER_OPEN_DELAY = Duration.ofSeconds(5);

    public DatabaseOptions {
        Objects.requireNonNull(url, "url");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        requirePositive(connectionTimeout, "connectionTimeout");
        requirePositive(statementTimeout, "statementTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was " + connectionTimeout);
        }
        allowedSchemas = Set.copyOf(allowedSchemas);
        if (allowedSchemas.isEmpty()) {
            throw new IllegalArgumentException("allowedSchemas must name at least one schema");
        }
        if (breakerFailureThreshold < 1) {
            throw new IllegalArgumentException("breakerFailureThreshold must be at least 1");
        }
        requirePositive(breakerOpenDelay, "breakerOpenDelay");
        Objects.requireNonNull(sqlLogins, "sqlLogins");
        if (sqlLogins.isPresent() && url.isEmpty()) {
            throw new IllegalArgumentException("sqlLogins needs a PostgreSQL url: the embedded database creates the"
                    + " SQL tools' logins itself");
        }
    }

    /**
     * Checks a {@code DATABASE_URL} before anything is built with it.
     *
     * @throws IllegalArgumentException saying what is wrong with it, never quoting it (it may hold a password)
     */
    public static void checkUrl(String url) {
        PostgresUrl.parse(url);
    }

    /** Options with the default breaker, and the SQL tools switching roles (no {@link SqlLogins}). */
    public static DatabaseOptions of(
            Optional<String> url,
            int poolSize,
            Duration connectionTimeout,
            Duration statementTimeout,
            Set<String> allowedSchemas) {
        return new DatabaseOptions(
                url,
                poolSize,
                connectionTimeout,
                statementTimeout,
                allowedSchemas,
                DEFAULT_BREAKER_FAILURE_THRESHOLD,
                DEFAULT_BREAKER_OPEN_DELAY,
                Optional.empty());
    }

    /** A copy with another breaker. */
    public DatabaseOptions withBreaker(int failureThreshold, Duration openDelay) {
        return new DatabaseOptions(
                url,
                poolSize,
                connectionTimeout,
                statementTimeout,
                allowedSchemas,
                failureThreshold,
                openDelay,
                sqlLogins);
    }

    /** A copy where the SQL tools log in as their own roles with {@code logins}. */
    public DatabaseOptions withSqlLogins(SqlLogins logins) {
        return new DatabaseOptions(
                url,
                poolSize,
                connectionTimeout,
                statementTimeout,
                allowedSchemas,
                breakerFailureThreshold,
                breakerOpenDelay,
                Optional.of(logins));
    }

    /** The driver's socket timeout: above the statement timeout, so the server's own timeout answers first. */
    Duration socketTimeout() {
        return statementTimeout.plus(connectionTimeout).plusSeconds(5);
    }

    /** Whole seconds, at least one, for the JDBC APIs that count in seconds. */
    static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    @Override
    public String toString() {
        // The URL may carry credentials: never print it.
        return "DatabaseOptions[url=" + (url.isPresent() ? "****" : "embedded") + ", poolSize=" + poolSize
                + ", connectionTimeout=" + connectionTimeout + ", statementTimeout=" + statementTimeout
                + ", allowedSchemas=" + allowedSchemas + ", sqlLogins=" + (sqlLogins.isPresent() ? "****" : "none")
                + "]";
    }
}
