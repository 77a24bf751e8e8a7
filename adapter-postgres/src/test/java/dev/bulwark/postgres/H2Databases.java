package dev.bulwark.postgres;

import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Fresh embedded databases for tests: each is a new, private in-memory H2 with a short statement timeout. */
final class H2Databases {

    private H2Databases() {}

    static JdbcDatabase open() {
        return JdbcDatabase.open(options(), Ticker.system());
    }

    /** One whose background migration waits {@code migrationDelay} after opening. */
    static JdbcDatabase open(Duration migrationDelay) {
        return JdbcDatabase.open(options(), Ticker.system(), io.opentelemetry.api.OpenTelemetry.noop(), migrationDelay);
    }

    /** One with {@code statementTimeout} per statement: for a test whose statement waits for the test itself. */
    static JdbcDatabase openWithStatementTimeout(Duration statementTimeout) {
        return JdbcDatabase.open(
                options().toBuilder().statementTimeout(statementTimeout).build(), Ticker.system());
    }

    private static DatabaseSettings options() {
        return DatabaseSettings.builder()
                .url(Optional.empty())
                .poolSize(4)
                .connectionTimeout(Duration.ofSeconds(2))
                .statementTimeout(Duration.ofSeconds(1))
                .allowedSchemas(Set.of("public"))
                .build();
    }
}
