package dev.bulwark.postgres;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The database's health: a validation query through the circuit breaker, outside the bulkhead (the pool keeps a
 * connection for it, so a saturated pool does not look like a dead database). Thread-safe.
 */
final class DatabaseHealthIndicator implements HealthIndicator {

    private final Dialect dialect;
    private final SchemaMigrator migrator;
    private final DatabaseGuard guard;
    private final Ticker ticker;
    private final int timeoutSeconds;

    DatabaseHealthIndicator(
            Dialect dialect, SchemaMigrator migrator, DatabaseGuard guard, Ticker ticker, DatabaseSettings options) {
        this.dialect = dialect;
        this.migrator = migrator;
        this.guard = guard;
        this.ticker = ticker;
        this.timeoutSeconds = DatabaseSettings.seconds(options.connectionTimeout());
    }

    @Override
    public String name() {
        return "database";
    }

    /** Readiness fails while the database is down, though only the tools that need it fail. */
    @Override
    public Criticality criticality() {
        return Criticality.REQUIRED;
    }

    @Override
    public ComponentHealth check() {
        long start = ticker.nanoTime();
        try {
            guard.probe(() -> {
                migrator.ensureMigrated();
                try (Connection connection = dialect.pool().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(timeoutSeconds);
                    try (ResultSet row = statement.executeQuery("SELECT 1")) {
                        row.next();
                    }
                }
                return null;
            });
            Map<String, String> details = details();
            details.put(
                    "latency_ms",
                    String.format(
                            Locale.ROOT,
                            "%.1f",
                            Duration.ofNanos(ticker.nanoTime() - start).toNanos() / 1_000_000.0));
            return new ComponentHealth(ComponentStatus.UP, details);
        } catch (DependencyUnavailableException e) {
            Map<String, String> details = details();
            details.put(
                    "reason",
                    guard.state() == CircuitBreaker.State.OPEN
                            ? "database unavailable: circuit breaker open"
                            : "database unreachable");
            return new ComponentHealth(ComponentStatus.DOWN, details);
        } catch (IllegalStateException e) {
            Map<String, String> details = details();
            details.put("reason", "schema migration failed; see the server log");
            return new ComponentHealth(ComponentStatus.DOWN, details);
        }
    }

    private Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("engine", dialect.name());
        details.put("circuit", guard.state().name().toLowerCase(Locale.ROOT));
        dialect.pool().describe(details);
        return details;
    }
}
