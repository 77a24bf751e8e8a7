package dev.bulwark.redis;

import dev.bulwark.config.ConfigProblem;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared Redis settings ({@code redis.*}) that {@link RedisConnection} and the server jar take; docs/configuration.md
 * gives each key. Immutable; its {@link #toString()} never shows the URL.
 *
 * @param url one Redis, a Sentinel set ({@code redis-sentinel://}) or a Cluster ({@code redis-cluster://}); secret
 */
public record RedisSettings(
        Optional<String> url,
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
        if (url.isPresent() && !isRedisUrl(url.get())) {
            // Never quote the value, it may hold a password: so the loader may show this message for the secret key.
            throw ConfigProblem.of(
                            "redis.url",
                            "must start with redis:// or rediss://, redis-sentinel:// for a Sentinel set, or"
                                    + " redis-cluster:// for a Redis Cluster")
                    .refusal();
        }
        if (url.isPresent() && url.get().strip().toLowerCase(Locale.ROOT).startsWith("rediss-sentinel://")) {
            throw ConfigProblem.of(
                            "redis.url",
                            "names a Sentinel set over TLS (rediss-sentinel://), which Bulwark does not support; use"
                                    + " redis-sentinel:// on a private network")
                    .refusal();
        }
        if (url.isPresent() && url.get().strip().toLowerCase(Locale.ROOT).startsWith("rediss-cluster://")) {
            throw ConfigProblem.of(
                            "redis.url",
                            "names a Redis Cluster over TLS (rediss-cluster://), which Bulwark does not support; use"
                                    + " redis-cluster:// on a private network")
                    .refusal();
        }
        Objects.requireNonNull(keyPrefix, "redis.key-prefix");
        if (url.isPresent()
                && RedisClusterUrl.isCluster(url.get())
                && (keyPrefix.contains("{") || keyPrefix.contains("}"))) {
            throw ConfigProblem.of(
                            "redis.key-prefix",
                            "must not hold { or } on a Redis Cluster: Bulwark places its keys in slots with hash tags"
                                    + " of its own; remove the braces")
                    .refusal();
        }
        if (keyPrefix.isBlank()) {
            throw ConfigProblem.of(
                            "redis.key-prefix",
                            "must not be empty or blank: deployments that share"
                                    + " one Redis would read and overwrite each other's keys (the default is "
                                    + DEFAULT_KEY_PREFIX
                                    + ")")
                    .refusal();
        }
        requirePositive(connectTimeout, "redis.connect-timeout");
        requirePositive(operationTimeout, "redis.operation-timeout");
        if (poolMaxTotal < 1) {
            throw ConfigProblem.of("redis.pool-max-total", "must be at least 1, was " + poolMaxTotal)
                    .refusal();
        }
        requirePositive(poolMaxWait, "redis.pool-max-wait");
        if (breakerFailureThreshold < 1) {
            throw ConfigProblem.of(
                            "redis.breaker-failure-threshold", "must be at least 1, was " + breakerFailureThreshold)
                    .refusal();
        }
        requirePositive(breakerOpenDuration, "redis.breaker-open-duration");
    }

    /** No Redis; the production timeouts, pool and breaker. */
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

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether a Redis server is configured. */
    public boolean configured() {
        return url.isPresent();
    }

    /** Whether the scheme is Redis's, in any case, as {@link RedisUrl} reads it. */
    private static boolean isRedisUrl(String value) {
        String start = value.strip().toLowerCase(Locale.ROOT);
        return start.startsWith("redis://")
                || start.startsWith("rediss://")
                || start.startsWith("redis-sentinel://")
                || start.startsWith("rediss-sentinel://")
                || start.startsWith("redis-cluster://")
                || start.startsWith("rediss-cluster://");
    }

    private static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isZero() || value.isNegative()) {
            throw ConfigProblem.of(key, "must be positive, was " + value).refusal();
        }
    }

    /** Names no host and no credentials. */
    @Override
    public String toString() {
        return "RedisSettings[url=" + (url.isPresent() ? "****" : "none") + ", keyPrefix=" + keyPrefix
                + ", connectTimeout=" + connectTimeout + ", operationTimeout=" + operationTimeout + ", poolMaxTotal="
                + poolMaxTotal + ", poolMaxWait=" + poolMaxWait + ", breakerFailureThreshold="
                + breakerFailureThreshold + ", breakerOpenDuration=" + breakerOpenDuration + "]";
    }

    /**
     * Builds {@link RedisSettings}; {@link #build()} checks every value and names the key of the first one out of
     * range. The record's components say what each means. Not thread-safe.
     */
    public static final class Builder {
        private Optional<String> url;
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

        public Builder url(Optional<String> value) {
            this.url = value;
            return this;
        }

        /** The URL of the Redis server: {@code url(Optional.of(value))}. */
        public Builder url(String value) {
            return url(Optional.of(value));
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

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the key of the first value out of range
         * @throws NullPointerException naming the key of the first value missing
         */
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
