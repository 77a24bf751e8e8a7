package dev.bulwark.postgres;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Adapters on a test PostgreSQL, with short timeouts so timeout and fault tests stay quick. */
public final class PostgresDatabases {

    private PostgresDatabases() {
    }

    /** Options for {@code server}: pool of {@code poolSize}, 2 s to connect, 1 s per statement, a quick breaker. */
    public static DatabaseOptions options(PostgresServer server, int poolSize) {
        return DatabaseOptions.of(Optional.of(server.appUrl()), poolSize, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Set.of("public")).withBreaker(2, Duration.ofSeconds(1));
    }

    /** Options for a given URL, with the same short timeouts. */
    public static DatabaseOptions options(String url) {
        return DatabaseOptions.of(Optional.of(url), 2, Duration.ofSeconds(2), Duration.ofSeconds(1), Set.of("public"));
    }

    public static JdbcDatabase open(PostgresServer server, int poolSize) {
        return JdbcDatabase.open(options(server, poolSize), Ticker.system());
    }
}
