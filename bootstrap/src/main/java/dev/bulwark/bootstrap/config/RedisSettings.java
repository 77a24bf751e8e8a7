package dev.bulwark.bootstrap.config;

import dev.bulwark.core.config.RejectedWithoutValueException;
import dev.bulwark.core.config.Secret;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared Redis cache and rate-limit store ({@code redis.*}), which the server jar's wiring hands the Redis
 * adapter. Without a URL the in-memory implementations serve.
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
            // Never quote the value, it may hold a password: so the loader may show this message for the secret key.
            throw new RejectedWithoutValueException("redis.url must start with redis:// or rediss://");
        }
        Objects.requireNonNull(keyPrefix, "redis.key-prefix");
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("redis.key-prefix must not be empty or blank: deployments that share"
                    + " one Redis would read and overwrite each other's keys (the default is " + DEFAULT_KEY_PREFIX
                    + ")");
        }
        DurationChecks.requirePositive(connectTimeout, "redis.connect-timeout");
        DurationChecks.requirePositive(operationTimeout, "redis.operation-timeout");
        if (poolMaxTotal < 1) {
            throw new IllegalArgumentException("redis.pool-max-total must be at least 1, was " + poolMaxTotal);
        }
        DurationChecks.requirePositive(poolMaxWait, "redis.pool-max-wait");
        if (breakerFailureThreshold < 1) {
            throw new IllegalArgumentException(
                    "redis.breaker-failure-threshold must be at least 1, was " + breakerFailureThreshold);
        }
        DurationChecks.requirePositive(breakerOpenDuration, "redis.breaker-open-duration");
    }

    public static RedisSettings defaults() {
        return new RedisSettings(
                Optional.empty(),
                DEFAULT_KEY_PREFIX,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_OPERATION_TIMEOUT,
                DEFAULT_POOL_MAX_TOTAL,
                DEFAULT_POOL_MAX_WAIT,
                DEFAULT_BREAKER_FAILURE_THRESHOLD,
                DEFAULT_BREAKER_OPEN_DURATION);
    }

    /** Whether the scheme is Redis's, in any case, as the adapter's {@code RedisUrl} reads it. */
    private static boolean isRedisUrl(String value) {
        String start = value.strip().toLowerCase(Locale.ROOT);
        return start.startsWith("redis://") || start.startsWith("rediss://");
    }

    /** Whether a Redis server is configured. */
    public boolean configured() {
        return url.isPresent();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link RedisSettings}; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private Optional<Secret> url;
        private String keyPrefix;
        private Duration connectTimeout;
        private Duration operationTimeout;
        private int poolMaxTotal;
        private Duration poolMaxWait;
        private int breakerFailureThreshold;
        private Duration breakerOpenDuration;

        private Builder(RedisSettings from) {
            this.url = from.url;
            this.keyPrefix = from.keyPrefix;
            this.connectTimeout = from.connectTimeout;
            this.operationTimeout = from.operationTimeout;
            this.poolMaxTotal = from.poolMaxTotal;
            this.poolMaxWait = from.poolMaxWait;
            this.breakerFailureThreshold = from.breakerFailureThreshold;
            this.breakerOpenDuration = from.breakerOpenDuration;
        }

        public Builder url(Optional<Secret> value) {
            this.url = value;
            return this;
        }

        public Builder keyPrefix(String value) {
            this.keyPrefix = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder operationTimeout(Duration value) {
            this.operationTimeout = value;
            return this;
        }

        public Builder poolMaxTotal(int value) {
            this.poolMaxTotal = value;
            return this;
        }

        public Builder poolMaxWait(Duration value) {
            this.poolMaxWait = value;
            return this;
        }

        public Builder breakerFailureThreshold(int value) {
            this.breakerFailureThreshold = value;
            return this;
        }

        public Builder breakerOpenDuration(Duration value) {
            this.breakerOpenDuration = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the key of a value out of range. */
        public RedisSettings build() {
            return new RedisSettings(
                    url,
                    keyPrefix,
                    connectTimeout,
                    operationTimeout,
                    poolMaxTotal,
                    poolMaxWait,
                    breakerFailureThreshold,
                    breakerOpenDuration);
        }
    }
}
