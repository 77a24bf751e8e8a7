package dev.bulwark.redis;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Redis's health, from a bounded {@code PING} and what Redis did with recent calls; Redis is optional.
 * Thread-safe.
 */
public final class RedisHealthIndicator implements HealthIndicator {

    private final RedisConnection redis;

    public RedisHealthIndicator(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public String name() {
        return RedisConnection.DEPENDENCY;
    }

    @Override
    public Criticality criticality() {
        return Criticality.OPTIONAL;
    }

    @Override
    public ComponentHealth check() {
        Duration latency;
        try {
            latency = redis.ping();
        } catch (DependencyUnavailableException e) {
            Map<String, String> details = details();
            details.put("reason", e.getMessage());
            return new ComponentHealth(ComponentStatus.DOWN, details);
        }
        Map<String, String> details = details();
        details.put("latency_ms", String.format(Locale.ROOT, "%.3f", latency.toNanos() / 1_000_000.0));
        Optional<RedisRefusals.Recent> refused = redis.recentRefusals();
        if (refused.isPresent()) {
            details.put("reason", refused.get().latest().reason());
            details.put(
                    "refused_operations",
                    refused.get().operations().stream()
                            .sorted()
                            .map(RedisOperation::tag)
                            .collect(Collectors.joining(", ")));
            return new ComponentHealth(ComponentStatus.DEGRADED, details);
        }
        if (redis.breakerState() == CircuitBreaker.State.OPEN) {
            details.put("reason", "answering again; calls skip Redis until the circuit breaker half-opens");
            return new ComponentHealth(ComponentStatus.DEGRADED, details);
        }
        return new ComponentHealth(ComponentStatus.UP, details);
    }

    private Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("circuit_breaker", redis.breakerState().name().toLowerCase(Locale.ROOT));
        details.put("pool_active", Integer.toString(redis.activeConnections()));
        details.put("pool_idle", Integer.toString(redis.idleConnections()));
        return details;
    }
}
