package dev.bulwark.postgres;

import dev.bulwark.ports.time.Ticker;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;

/** Adapters on a test PostgreSQL, with short timeouts so timeout and fault tests stay quick. */
public final class PostgresDatabases {

    /** The SQL roles' passwords; the test server trusts local logins, so any will do. */
    public static final SqlLogins LOGINS = new SqlLogins("reader-test-password", "writer-test-password");

    /** A breaker that opens after two failures and tries again after a second: fault tests stay quick. */
    static final DatabaseGuard.Breaker QUICK_BREAKER = new DatabaseGuard.Breaker(2, Duration.ofSeconds(1));

    private PostgresDatabases() {}

    /**
     * Options for {@code server} as operators should set it up, the SQL tools logging in as their own roles: pool of
     * {@code poolSize}, 2 s to connect, 1 s per statement.
     */
    public static DatabaseSettings options(PostgresServer server, int poolSize) {
        return switchingRoles(server, poolSize).toBuilder().sqlLogins(LOGINS).build();
    }

    /** As {@link #options(PostgresServer, int)}, with the SQL tools switching roles on the owner's connections. */
    public static DatabaseSettings switchingRoles(PostgresServer server, int poolSize) {
        return options(server.appUrl()).toBuilder().poolSize(poolSize).build();
    }

    /** Options for a given URL, with the same short timeouts. */
    public static DatabaseSettings options(String url) {
        return DatabaseSettings.builder()
                .url(url)
                .poolSize(2)
                .connectionTimeout(Duration.ofSeconds(2))
                .statementTimeout(Duration.ofSeconds(1))
                .build();
    }

    /** Opens the database {@code options} name with {@link #QUICK_BREAKER}; returns at once, as the adapter does. */
    public static JdbcDatabase start(DatabaseSettings options) {
        return JdbcDatabase.open(options, QUICK_BREAKER, Ticker.system(), OpenTelemetry.noop(), Duration.ZERO);
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
        return opened(options(server, poolSize).toBuilder()
                .statementTimeout(statementTimeout)
                .build());
    }

    private static JdbcDatabase opened(DatabaseSettings options) {
        JdbcDatabase database = start(options);
        database.ownerPool();
        return database;
    }
}
