package dev.bulwark.postgres;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Adapters on a test PostgreSQL, with short timeouts so timeout and fault tests stay quick. */
public final class PostgresDatabases {

    /** The SQL roles' passwords; the test server trusts local logins, so any will do. */
    public static final SqlLogins LOGINS = new SqlLogins("reader-test-password", "writer-test-password");

    private PostgresDatabases() {}

    /**
     * Options for {@code server} as operators should set it up, the SQL tools logging in as their own roles: pool of
     * {@code poolSize}, 2 s to connect, 1 s per statement, a quick breaker.
     */
    public static DatabaseOptions options(PostgresServer server, int poolSize) {
        return switchingRoles(server, poolSize).withSqlLogins(LOGINS);
    }

    /** As {@link #options(PostgresServer, int)}, with the SQL tools switching roles on the owner's connections. */
    public static DatabaseOptions switchingRoles(PostgresServer server, int poolSize) {
        return DatabaseOptions.of(
                        Optional.of(server.appUrl()),
                        poolSize,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        Set.of("public"))
                .withBreaker(2, Duration.ofSeconds(1));
    }

    /** Options for a given URL, with the same short timeouts. */
    public static DatabaseOptions options(String url) {
        return DatabaseOptions.of(Optional.of(url), 2, Duration.ofSeconds(2), Duration.ofSeconds(1), Set.of("public"));
    }

    /**
     * Opens the database and waits for its schema: the server migrates on a background thread, and a test that checks
     * what a call left behind (advisory locks, open transactions) must not see the migration's own.
     */
    public static JdbcDatabase open(PostgresServer server, int poolSize) {
        return opened(options(server, poolSize));
    }

    /**
     * As {@link #open(PostgresServer, int)}, with {@code statementTimeout} per statement: for a test whose statement
     * does real work, which a busy machine must not turn into a timeout.
     */
    public static JdbcDatabase open(PostgresServer server, int poolSize, Duration statementTimeout) {
        return opened(DatabaseOptions.of(
                        Optional.of(server.appUrl()),
                        poolSize,
                        Duration.ofSeconds(2),
                        statementTimeout,
                        Set.of("public"))
                .withBreaker(2, Duration.ofSeconds(1))
                .withSqlLogins(LOGINS));
    }

    private static JdbcDatabase opened(DatabaseOptions options) {
        JdbcDatabase database = JdbcDatabase.open(options, Ticker.system());
        database.ownerPool();
        return database;
    }
}
