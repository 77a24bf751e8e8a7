package dev.bulwark.redis;

import dev.bulwark.config.ConfigKey;
import dev.bulwark.config.ConfigType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The keys of the shared Redis store ({@code redis.*}), in catalogue order: each reads and sets one component of {@link RedisSettings}. */
public final class RedisKeys {

    /** {@code redis.url}. */
    public static final ConfigKey<RedisSettings, Optional<String>> REDIS_URL = ConfigKey.of(
            "redis.url",
            "REDIS_URL",
            "--redis-url",
            ConfigType.SECRET,
            "redis://, rediss://, redis-sentinel:// or redis-cluster:// URL of the shared cache and rate-limit store; unset = in memory",
            settings -> settings.url(),
            (settings, value) -> with(settings, redis -> redis.url(value)));

    /** {@code redis.key-prefix}. */
    public static final ConfigKey<RedisSettings, String> REDIS_KEY_PREFIX = ConfigKey.of(
            "redis.key-prefix",
            "MCP_REDIS_KEY_PREFIX",
            "--redis-key-prefix",
            ConfigType.STRING,
            "Prefix of every Redis key, so deployments can share one Redis; must not be empty",
            RedisSettings::keyPrefix,
            (settings, value) -> with(settings, redis -> redis.keyPrefix(value)));

    /** {@code redis.connect-timeout}. */
    public static final ConfigKey<RedisSettings, Duration> REDIS_CONNECT_TIMEOUT = ConfigKey.of(
            "redis.connect-timeout",
            "MCP_REDIS_CONNECT_TIMEOUT",
            "--redis-connect-timeout",
            ConfigType.DURATION,
            "Time to open a Redis connection",
            RedisSettings::connectTimeout,
            (settings, value) -> with(settings, redis -> redis.connectTimeout(value)));

    /** {@code redis.operation-timeout}. */
    public static final ConfigKey<RedisSettings, Duration> REDIS_OPERATION_TIMEOUT = ConfigKey.of(
            "redis.operation-timeout",
            "MCP_REDIS_OPERATION_TIMEOUT",
            "--redis-operation-timeout",
            ConfigType.DURATION,
            "Time one Redis command may take before Redis counts as unavailable",
            RedisSettings::operationTimeout,
            (settings, value) -> with(settings, redis -> redis.operationTimeout(value)));

    /** {@code redis.pool-max-total}. */
    public static final ConfigKey<RedisSettings, Integer> REDIS_POOL_MAX_TOTAL = ConfigKey.of(
            "redis.pool-max-total",
            "MCP_REDIS_POOL_MAX_TOTAL",
            "--redis-pool-max-total",
            ConfigType.INT,
            "Pooled Redis connections at most",
            RedisSettings::poolMaxTotal,
            (settings, value) -> with(settings, redis -> redis.poolMaxTotal(value)));

    /** {@code redis.pool-max-wait}. */
    public static final ConfigKey<RedisSettings, Duration> REDIS_POOL_MAX_WAIT = ConfigKey.of(
            "redis.pool-max-wait",
            "MCP_REDIS_POOL_MAX_WAIT",
            "--redis-pool-max-wait",
            ConfigType.DURATION,
            "Time to wait for a pooled Redis connection",
            RedisSettings::poolMaxWait,
            (settings, value) -> with(settings, redis -> redis.poolMaxWait(value)));

    /** {@code redis.breaker-failure-threshold}. */
    public static final ConfigKey<RedisSettings, Integer> REDIS_BREAKER_FAILURE_THRESHOLD = ConfigKey.of(
            "redis.breaker-failure-threshold",
            "MCP_REDIS_BREAKER_FAILURE_THRESHOLD",
            "--redis-breaker-failure-threshold",
            ConfigType.INT,
            "Redis failures in a row that open its circuit breaker (a timeout opens it at once)",
            RedisSettings::breakerFailureThreshold,
            (settings, value) -> with(settings, redis -> redis.breakerFailureThreshold(value)));

    /** {@code redis.breaker-open-duration}. */
    public static final ConfigKey<RedisSettings, Duration> REDIS_BREAKER_OPEN_DURATION = ConfigKey.of(
            "redis.breaker-open-duration",
            "MCP_REDIS_BREAKER_OPEN_DURATION",
            "--redis-breaker-open-duration",
            ConfigType.DURATION,
            "How long the open Redis circuit breaker skips Redis before it tries again",
            RedisSettings::breakerOpenDuration,
            (settings, value) -> with(settings, redis -> redis.breakerOpenDuration(value)));

    private static final List<ConfigKey<RedisSettings, ?>> ALL = List.of(
            REDIS_URL,
            REDIS_KEY_PREFIX,
            REDIS_CONNECT_TIMEOUT,
            REDIS_OPERATION_TIMEOUT,
            REDIS_POOL_MAX_TOTAL,
            REDIS_POOL_MAX_WAIT,
            REDIS_BREAKER_FAILURE_THRESHOLD,
            REDIS_BREAKER_OPEN_DURATION);

    private RedisKeys() {}

    /** Every key of this table, in catalogue order. */
    public static List<ConfigKey<RedisSettings, ?>> all() {
        return ALL;
    }

    private static RedisSettings with(RedisSettings settings, UnaryOperator<RedisSettings.Builder> change) {
        return change.apply(settings.toBuilder()).build();
    }
}
