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
 * Redis's health, from one {@code PING} bounded by the operation timeout and from what Redis did with the calls
 * made recently. Redis is {@link Criticality#OPTIONAL optional}: every tool still answers without it (cache misses,
 * local rate limits), so losing it makes the server degraded, not unhealthy.
 *
 * <ul>
 *   <li>{@code UP}: the ping answered and calls go to Redis (breaker closed or trying again);
 *   <li>{@code DEGRADED}: the ping answered, but Redis refused calls within the last minute and none of those
 *       operations succeeded since (out of memory with {@code noeviction}, a read-only replica, a snapshot it cannot
 *       save, an ACL without a command Bulwark runs), so cache writes are skipped or rate limits are local; or the
 *       breaker is still open from a recent failure, so calls skip Redis for a moment longer;
 *   <li>{@code DOWN}: the ping failed or timed out.
 * </ul>
 *
 * Details: {@code latency_ms}, {@code circuit_breaker}, {@code pool_active}, {@code pool_idle}, a {@code reason}
 * when not up, and {@code refused_operations} (for example {@code cache_put, rate_limit}) when Redis refuses calls;
 * never a host, a user or a credential. The ping does not go through the breaker, so health sees Redis return even
 * while calls still skip it, and a successful ping lets an open breaker whose delay has passed try Redis again.
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
            details.put("refused_operations", refused.get().operations().stream()
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
