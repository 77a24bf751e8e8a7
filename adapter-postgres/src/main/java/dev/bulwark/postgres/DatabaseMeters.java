package dev.bulwark.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The database's meters: HikariCP's pool meters and the breaker's state.
 */
final class DatabaseMeters implements MeterBinder {

    private final List<HikariDataSource> pools;
    private final DatabaseGuard guard;
    private final AtomicBoolean poolBound = new AtomicBoolean();

    DatabaseMeters(List<HikariDataSource> pools, DatabaseGuard guard) {
        this.pools = List.copyOf(pools);
        this.guard = guard;
    }

    /** HikariCP accepts one meter registry per pool: a second registry gets only the breaker gauges. */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (poolBound.compareAndSet(false, true)) {
            MicrometerMetricsTrackerFactory meters = new MicrometerMetricsTrackerFactory(registry);
            pools.forEach(pool -> pool.setMetricsTrackerFactory(meters));
        }
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("bulwark.database.circuit.breaker.state", guard, current -> current.state() == state ? 1 : 0)
                    .description("1 when the circuit breaker in front of the database is in this state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
