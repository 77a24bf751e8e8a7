package dev.bulwark.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared Redis cache and rate-limit store. Without a URL the in-memory implementations serve.
 *
 * @param url {@code redis://} or {@code rediss://} URL, possibly with credentials ({@code REDIS_URL}); secret
 * @param keyPrefix namespace of every key, so deployments can share one Redis; never empty or blank
 * @param connectTimeout time to open a connection
 * @param operationTimeout time one Redis command may take before the call treats Redis as unavailable
 * @param poolMaxTotal pooled connections at most
 * @param poolMaxWait time to wait for a pooled connection (never unbounded)
 * @param breakerFailureThreshold Redis failures in a row that open the circuit breaker (a timeout opens it at once)
 * @param breakerOpenDuration how long the open breaker skips Redis before it tries again
 */
public record RedisSettings(
        Optional<Secret> url,
        String keyPrefix,
        Duration connectTimeout,
        Duration operationTimeout,
        int poolMaxTotal,
        Duration poolMaxWait,
        int breakerFailureThreshold,
        Duration breakerOpenDuration) {

    public static final String DEFAULT_KEY_PREFIX = "bulwark:";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMillis(250);
    public static final int DEFAULT_POOL_MAX_TOTAL = 32;
    public static final Duration DEFAULT_POOL_MAX_WAIT = Duration.ofMillis(250);
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(3);

    public RedisSettings {
        Objects.requireNonNull(url, "redis.url");
        if (url.isPresent() && !isRedisUrl(url.get().reveal())) {
            // Never quote the value: it may hold a password.
            throw new IllegalArgumentException("redis.url must start with redis:// or rediss://");
        }
        Objects.requireNonNull(keyPrefix, "redis.key-prefix");
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("redis.key-prefix must not be empty or blank: deployments that share"
                    + " one Redis would read and overwrite each other's keys (the default is " + DEFAULT_KEY_PREFIX
                    + ")");
        }
        HttpSettings.requirePositive(connectTimeout, "redis.connect-timeout");
        HttpSettings.requirePositive(operationTimeout, "redis.operation-timeout");
        if (poolMaxTotal < 1) {
            throw new IllegalArgumentException("redis.pool-max-total must be at least 1, was " + poolMaxTotal);
        }
        HttpSettings.requirePositive(poolMaxWait, "redis.pool-max-wait");
        if (breakerFailureThreshold < 1) {
            throw new IllegalArgumentException(
                    "redis.breaker-failure-threshold must be at least 1, was " + breakerFailureThreshold);
        }
        HttpSettings.requirePositive(breakerOpenDuration, "redis.breaker-open-duration");
    }

    public static RedisSettings defaults() {
        return new RedisSettings(Optional.empty(), DEFAULT_KEY_PREFIX, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_OPERATION_TIMEOUT, DEFAULT_POOL_MAX_TOTAL, DEFAULT_POOL_MAX_WAIT,
                DEFAULT_BREAKER_FAILURE_THRESHOLD, DEFAULT_BREAKER_OPEN_DURATION);
    }

    private static boolean isRedisUrl(String value) {
        return value.startsWith("redis://") || value.startsWith("rediss://");
    }

    /** Whether a Redis server is configured. */
    public boolean configured() {
        return url.isPresent();
    }

    /** A copy with {@code url} replaced. */
    public RedisSettings withUrl(Optional<Secret> value) {
        return new RedisSettings(value, keyPrefix, connectTimeout, operationTimeout, poolMaxTotal, poolMaxWait,
                breakerFailureThreshold, breakerOpenDuration);
    }

    /** A copy with {@code keyPrefix} replaced. */
    public RedisSettings withKeyPrefix(String value) {
        return new RedisSettings(url, value, connectTimeout, operationTimeout, poolMaxTotal, poolMaxWait,
                breakerFailureThreshold, breakerOpenDuration);
    }

    /** A copy with {@code connectTimeout} replaced. */
    public RedisSettings withConnectTimeout(Duration value) {
        return new RedisSettings(url, keyPrefix, value, operationTimeout, poolMaxTotal, poolMaxWait,
                breakerFailureThreshold, breakerOpenDuration);
    }

    /** A copy with {@code operationTimeout} replaced. */
    public RedisSettings withOperationTimeout(Duration value) {
        return new RedisSettings(url, keyPrefix, connectTimeout, value, poolMaxTotal, poolMaxWait,
                breakerFailureThreshold, breakerOpenDuration);
    }

    /** A copy with {@code poolMaxTotal} replaced. */
    public RedisSettings withPoolMaxTotal(int value) {
        return new RedisSettings(url, keyPrefix, connectTimeout, operationTimeout, value, poolMaxWait,
                breakerFailureThreshold, breakerOpenDuration);
    }

    /** A copy with {@code poolMaxWait} replaced. */
    public RedisSettings withPoolMaxWait(Duration value) {
        return new RedisSettings(url, keyPrefix, connectTimeout, operationTimeout, poolMaxTotal, value,
                breakerFailureThreshold, breakerOpenDuration);
    }

    /** A copy with {@code breakerFailureThreshold} replaced. */
    public RedisSettings withBreakerFailureThreshold(int value) {
        return new RedisSettings(url, keyPrefix, connectTimeout, operationTimeout, poolMaxTotal, poolMaxWait,
                value, breakerOpenDuration);
    }

    /** A copy with {@code breakerOpenDuration} replaced. */
    public RedisSettings withBreakerOpenDuration(Duration value) {
        return new RedisSettings(url, keyPrefix, connectTimeout, operationTimeout, poolMaxTotal, poolMaxWait,
                breakerFailureThreshold, value);
    }
}
