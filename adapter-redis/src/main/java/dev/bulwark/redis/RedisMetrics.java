package dev.bulwark.redis;

import dev.failsafe.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;

/**
 * The Redis adapter's own meters, for any registry it is bound to.
 */
public final class RedisMetrics implements MeterBinder {

    private final RedisConnection redis;

    public RedisMetrics(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        RedisStats stats = redis.stats();
        for (RedisOperation operation : RedisOperation.values()) {
            FunctionCounter.builder("bulwark.redis.commands", stats, s -> s.calls(operation))
                    .description("Redis calls by operation")
                    .tag("operation", operation.tag())
                    .register(registry);
            FunctionCounter.builder("bulwark.redis.command.errors", stats, s -> s.errors(operation))
                    .description("Redis calls that failed, timed out or were skipped by the open circuit breaker")
                    .tag("operation", operation.tag())
                    .register(registry);
        }
        Gauge.builder("bulwark.redis.pool.connections", redis, RedisConnection::activeConnections)
                .description("Pooled Redis connections by state")
                .tag("state", "active")
                .strongReference(true)
                .register(registry);
        Gauge.builder("bulwark.redis.pool.connections", redis, RedisConnection::idleConnections)
                .description("Pooled Redis connections by state")
                .tag("state", "idle")
                .strongReference(true)
                .register(registry);
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("bulwark.redis.circuit.breaker.state", redis, r -> r.breakerState() == state ? 1 : 0)
                    .description("1 for the Redis circuit breaker's current state, 0 for the others")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
        FunctionCounter.builder("bulwark.redis.rate.limit.decisions", stats, s -> s.decisions(true))
                .description("Rate-limit decisions made by Redis")
                .tag("result", "allowed")
                .register(registry);
        FunctionCounter.builder("bulwark.redis.rate.limit.decisions", stats, s -> s.decisions(false))
                .description("Rate-limit decisions made by Redis")
                .tag("result", "rejected")
                .register(registry);
    }
}
