package dev.bulwark.redis;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis server, a Sentinel set's primary, or a Redis Cluster, as the adapter uses it: a pooled Jedis client and the resilience
 * every call goes through, shared by the stores. Thread-safe.
 */
public final class RedisConnection implements AutoCloseable {

    /** The dependency name in {@link DependencyUnavailableException} and health reports. */
    public static final String DEPENDENCY = "redis";

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    // The parts, one job each: RedisEndpoint holds the pooled client of one server or of a Sentinel set's primary,
    // and RedisGuard is the path every call takes (breaker, timeout, workers, accounting, failures).
    private final RedisEndpoint endpoint;
    private final String keyPrefix;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final Ticker ticker;
    private final RedisGuard guard;
    private final RedisTracing tracing;

    private RedisConnection(
            Supplier<RedisEndpoint> endpoint, RedisSettings settings, Ticker ticker, OpenTelemetry openTelemetry) {
        this.tracing = new RedisTracing(openTelemetry);
        this.keyPrefix = settings.keyPrefix();
        this.operationTimeout = settings.operationTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.ticker = ticker;
        this.endpoint = endpoint.get();
        this.guard = new RedisGuard(settings, ticker, this::clearPool);
    }

    /**
     * Starts a connection to the server at the URL of {@code settings}: {@code redis://} or {@code rediss://} (TLS,
     * verified against the JVM's trust store), with optional {@code user:password@} and {@code /database}; or to the
     * primary of a Sentinel set, {@code redis-sentinel://host1:26379,host2:26379/0#primary-name}; or to a Redis Cluster,
     * {@code redis-cluster://host1:6379,host2:6379}.
     *
     * @throws IllegalArgumentException when the URL is missing or malformed; the message never quotes it
     */
    public static Builder builder(RedisSettings settings) {
        Objects.requireNonNull(settings, "settings");
        String url = settings.url()
                .orElseThrow(() -> ConfigProblem.of("redis.url", "is not set").refusal());
        return new Builder(RedisEndpoint.parse(url, settings), settings);
    }

    /**
     * Sends one {@code PING} in the background, never waited for: it loads the client's classes and opens the first
     * connection before the first tool call needs them, and says in the log whether Redis answers at start.
     */
    private void warmUp() {
        // Not the operation timeout: before its PING the first call may ask a Sentinel for the primary, or a Cluster
        // node for the slots, and then connect.
        Duration bound = startProbeBound(connectTimeout, operationTimeout);
        guard.probeInBackground(() -> endpoint.client().ping(), bound).whenComplete((pong, failure) -> {
            if (failure == null) {
                LOG.info("Redis answered: the cache and rate limits are shared through Redis");
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                LOG.warn(
                        "Redis did not answer at start ({}): serving degraded (no shared cache, local rate limits)"
                                + " until it does",
                        RedisFailures.reason(cause, bound));
            }
        });
    }

    /**
     * How long the start's {@code PING} may take: two connections (to a Sentinel or a Cluster node, then to the
     * primary) and three answers (the primary's address or the slots, the handshake, the {@code PING}).
     */
    static Duration startProbeBound(Duration connectTimeout, Duration operationTimeout) {
        return connectTimeout.multipliedBy(2).plus(operationTimeout.multipliedBy(3));
    }

    /**
     * Empties the pool when the breaker opens, or when Redis says it is a replica: idle connections point at a server
     * that failed, or that a failover demoted.
     */
    private void clearPool() {
        try {
            // A restarted Redis is reached afresh.
            endpoint.clearIdle();
        } catch (RuntimeException e) {
            LOG.debug("Could not clear the Redis pool", e);
        }
    }

    // ------------------------------------------------------------------------------------------------- for the stores

    /**
     * Runs {@code command} through the breaker, as one client span ({@link RedisTracing}): on the caller's thread
     * when a pooled connection is idle, else with the timeout on a worker ({@link RedisGuard}).
     *
     * @throws DependencyUnavailableException when Redis fails, does not answer in time, or the breaker is open
     */
    <T> T execute(RedisOperation operation, Function<UnifiedJedis, T> command) {
        return tracing.traced(
                operation,
                () -> guard.execute(operation, () -> command.apply(endpoint.client()), endpoint::connectionReady));
    }

    /**
     * Runs {@code command} on the caller's thread outside the breaker and the operation timeout, bounded by the
     * client's socket timeout: for a step after an answer is decided, whose failure changes no answer. The command
     * handles its own failures.
     */
    void afterAnswer(Consumer<UnifiedJedis> command) {
        UnifiedJedis client;
        try {
            client = endpoint.client();
        } catch (JedisException e) {
            LOG.debug("No Redis primary for a step after an answer: {}", RedisFailures.reason(e, operationTimeout));
            return;
        }
        command.accept(client);
    }

    /**
     * Sends one {@code PING} with the timeout but outside the breaker, so health reflects Redis itself even while
     * the breaker is open; a ping that succeeds while the breaker's open delay has passed half-opens it, so Redis is
     * tried again even with no traffic.
     *
     * @return how long the ping took
     * @throws DependencyUnavailableException when Redis fails or does not answer in time
     */
    Duration ping() {
        long start = ticker.nanoTime();
        guard.probe(RedisOperation.PING, () -> endpoint.client().ping());
        return Duration.ofNanos(ticker.nanoTime() - start);
    }

    /**
     * A connection of its own, outside the pool and the breaker, for a pub/sub subscriber that blocks on it; the caller
     * closes it. It connects when first used.
     */
    redis.clients.jedis.Jedis subscriber() {
        return endpoint.subscriber();
    }

    /** {@code keyPrefix + namespace + ":" + key}: the adapter's keys never mix with another deployment's. */
    String key(String namespace, String key) {
        return keyPrefix + namespace + ":" + key;
    }

    /**
     * As {@link #key(String, String)}, but on a Redis Cluster {@code keyPrefix + namespace + ":{" + tag + "}:" + key}:
     * the hash tag puts every key with the same {@code tag} in one slot, so that a script may touch them together.
     * A tag that is empty or holds a brace is replaced by a hash of itself, which places it as well.
     */
    String key(String namespace, String tag, String key) {
        if (!endpoint.isCluster()) {
            return key(namespace, key);
        }
        return keyPrefix + namespace + ":{" + hashTag(tag) + "}:" + key;
    }

    private static String hashTag(String tag) {
        if (!tag.isEmpty() && tag.indexOf('{') < 0 && tag.indexOf('}') < 0) {
            return tag;
        }
        return "#" + Integer.toHexString(tag.hashCode());
    }

    /** Whether the commands go to a Redis Cluster, where a transaction must keep to one slot. */
    boolean isCluster() {
        return endpoint.isCluster();
    }

    /** Whether the primary has replicas that a failover may promote: a Sentinel set or a Cluster. */
    boolean replicated() {
        return endpoint.replicated();
    }

    RedisStats stats() {
        return guard.stats();
    }

    /** The monotonic clock of this connection's latencies. */
    Ticker ticker() {
        return ticker;
    }

    /** What Redis refused recently (out of memory, read-only, not permitted) and no success has cleared since. */
    Optional<RedisRefusals.Recent> recentRefusals() {
        return guard.recentRefusals();
    }

    // ------------------------------------------------------------------------------------------------- observability

    /** The circuit breaker's state now. */
    public CircuitBreaker.State breakerState() {
        return guard.breakerState();
    }

    /**
     * How long the open breaker still skips calls; zero when it is not open or its delay is over. Package-private for
     * tests, which wait for it rather than for a guess at Failsafe's clock.
     */
    Duration breakerRemainingOpenDelay() {
        return guard.remainingOpenDelay();
    }

    /** Pooled connections lent out now. */
    public int activeConnections() {
        return endpoint.activeConnections();
    }

    /** Pooled connections idle now. */
    public int idleConnections() {
        return endpoint.idleConnections();
    }

    /** The longest any call waits for Redis before it counts Redis as unavailable. */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** Stops the workers and closes every pooled connection. */
    @Override
    public void close() {
        guard.close();
        endpoint.close();
    }

    /** Names no host and no credentials. */
    @Override
    public String toString() {
        return "RedisConnection[prefix=" + keyPrefix + ", breaker=" + guard.breakerState() + "]";
    }

    /**
     * What a {@link RedisConnection} needs besides its {@link RedisSettings}. Not thread-safe; {@link #build()} copies
     * what it needs.
     */
    public static final class Builder {
        private final Supplier<RedisEndpoint> endpoint;
        private final RedisSettings settings;
        private Ticker ticker = Ticker.system();
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();

        private Builder(Supplier<RedisEndpoint> endpoint, RedisSettings settings) {
            this.endpoint = endpoint;
            this.settings = settings;
        }

        /** The monotonic clock for latencies; default {@link Ticker#system()}. */
        public Builder ticker(Ticker source) {
            this.ticker = Objects.requireNonNull(source, "ticker");
            return this;
        }

        /** Where each call's client span goes; default {@link OpenTelemetry#noop()}: no spans. */
        public Builder openTelemetry(OpenTelemetry value) {
            this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
            return this;
        }

        /**
         * Creates the connection. Never waits for Redis: one background {@code PING} warms the client up and logs
         * whether Redis answers, and an unreachable Redis only makes calls fail fast until it answers.
         */
        public RedisConnection build() {
            RedisConnection connection = new RedisConnection(endpoint, settings, ticker, openTelemetry);
            connection.warmUp();
            return connection;
        }
    }
}
