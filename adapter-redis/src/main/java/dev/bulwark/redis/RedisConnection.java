package dev.bulwark.redis;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One Redis server as the adapter uses it: a pooled Jedis client, and the resilience every call goes through. Build
 * one per server process, share it between {@link RedisCacheStore}, {@link RedisRateLimitStore},
 * {@link RedisHealthIndicator} and {@link RedisMetrics}, and {@link #close()} it on shutdown:
 *
 * <pre>{@code
 * RedisConnection redis = RedisConnection.builder("rediss://app:secret@cache.internal:6380/0")
 *         .operationTimeout(Duration.ofMillis(250))
 *         .build();
 * CacheStore cache = new RedisCacheStore(redis);
 * RateLimitStore limits = new RedisRateLimitStore(redis);
 * }</pre>
 *
 * <p>Every command runs as {@code Failsafe.with(circuitBreaker).compose(timeout)} on the adapter's own worker
 * threads, so the caller waits at most the operation timeout whatever Redis does: refuse connections, stop
 * answering (a paused or overloaded server), or leave the pool empty. Connect, socket and pool-wait times are
 * bounded too, so workers are never stuck for long. After {@code breakerFailureThreshold} failures in a row the
 * breaker opens and calls fail at once without touching the network; a call that times out opens it at once, since
 * a server that does not answer would make every following call wait the full timeout. A refusal (out of memory,
 * read-only, not permitted) is not a failure to the breaker: Redis answered, and opening it would skip the reads a
 * full Redis still serves. After
 * {@code breakerOpenDuration} the breaker half-opens and lets a few calls try Redis again; two successes close it.
 * When it opens, the pool's idle connections are dropped, so a restarted Redis is reached on fresh connections.
 *
 * <p>Failures surface as {@link DependencyUnavailableException} with dependency {@code "redis"} and a message safe
 * to log: it names the operation and why (timed out, connection failed, breaker open, refused by Redis: out of
 * memory, read-only, not permitted), never the URL, the host or a password, and carries no vendor exception. What
 * Redis refused is also remembered until the operation succeeds again, for {@link RedisHealthIndicator}. Building a
 * connection never waits for Redis: the server starts when Redis is unreachable, and picks it up when it answers.
 * Thread-safe.
 */
public final class RedisConnection implements AutoCloseable {

    /** The dependency name in {@link DependencyUnavailableException} and health reports. */
    public static final String DEPENDENCY = "redis";

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final Duration GRACE = Duration.ofMillis(50);

    private final RedisClient client;
    private final String keyPrefix;
    private final Duration operationTimeout;
    private final Ticker ticker;
    private final CircuitBreaker<Object> breaker;
    private final ThreadPoolExecutor workers;
    private final FailsafeExecutor<Object> commands;
    private final FailsafeExecutor<Object> probes;
    private final RedisStats stats = new RedisStats();
    private final RedisRefusals refusals;

    private RedisConnection(Builder builder) {
        RedisUrl url = builder.url;
        this.keyPrefix = builder.keyPrefix;
        this.operationTimeout = builder.operationTimeout;
        this.ticker = builder.ticker;
        this.refusals = new RedisRefusals(builder.ticker, RedisRefusals.WINDOW);
        this.client = RedisClient.builder()
                .hostAndPort(new HostAndPort(url.host(), url.port()))
                .clientConfig(clientConfig(url, builder))
                .poolConfig(poolConfig(builder))
                .build();
        this.breaker = CircuitBreaker.builder()
                // A refusal (out of memory, read-only, not permitted) is Redis answering: it says nothing about
                // whether Redis can be reached, and opening the breaker on it would skip the reads it still serves.
                .handleIf(failure -> RedisRefusal.of(failure).isEmpty())
                .withFailureThreshold(builder.breakerFailureThreshold)
                .withSuccessThreshold(2)
                .withDelay(builder.breakerOpenDuration)
                .onOpen(event -> onBreakerOpen(event.getPreviousState()))
                .onHalfOpen(event -> LOG.debug("Redis circuit breaker half-open: trying Redis again"))
                .onClose(event -> LOG.info("Redis circuit breaker closed: Redis is answering again"))
                .build();
        this.workers = workers(builder.poolMaxTotal);
        Timeout<Object> timeout = Timeout.of(operationTimeout);
        this.commands = Failsafe.with(breaker).compose(timeout).with(workers);
        this.probes = Failsafe.with(timeout).with(workers);
    }

    /**
     * Starts a connection to the server at {@code url}: {@code redis://} or {@code rediss://} (TLS, verified against
     * the JVM's trust store), with optional {@code user:password@} and {@code /database}.
     *
     * @throws IllegalArgumentException when the URL is malformed; the message never quotes it
     */
    public static Builder builder(String url) {
        return new Builder(RedisUrl.parse(url));
    }

    private static DefaultJedisClientConfig clientConfig(RedisUrl url, Builder builder) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(builder.connectTimeout))
                .socketTimeoutMillis(millis(builder.operationTimeout))
                .database(url.database())
                // Fixed protocol: the client does not open a connection to negotiate one while it is built.
                .protocol(RedisProtocol.RESP2)
                // No CLIENT SETINFO round trip on every new connection (and none for servers older than 7.2).
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .clientName("bulwark");
        if (url.tls()) {
            // Certificate and host name verified against the JVM's trust store (javax.net.ssl.trustStore).
            config.sslOptions(SslOptions.defaults());
        }
        url.user().ifPresent(config::user);
        url.password().ifPresent(config::password);
        return config.build();
    }

    private static ConnectionPoolConfig poolConfig(Builder builder) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(builder.poolMaxTotal);
        pool.setMaxIdle(builder.poolMaxTotal);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        // commons-pool2 waits forever by default; never leave it so.
        pool.setMaxWait(builder.poolMaxWait);
        pool.setTestOnBorrow(false);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setJmxEnabled(false);
        return pool;
    }

    /**
     * As many workers as pooled connections: a worker holds at most one connection, so commands never wait for the
     * pool behind each other's workers. The queue is bounded; a full queue is one more way Redis is unavailable.
     */
    private static ThreadPoolExecutor workers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "bulwark-redis-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(threads * 64), factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    /**
     * Sends one {@code PING} in the background, never waited for: it loads the client's classes and opens the first
     * connection before the first tool call needs them, and says in the log whether Redis answers at start.
     */
    private void warmUp() {
        probes.getAsync(client::ping).whenComplete((pong, failure) -> {
            if (failure == null) {
                LOG.info("Redis answered: the cache and rate limits are shared through Redis");
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.warn("Redis did not answer at start ({}): serving degraded (no shared cache, local rate limits)"
                        + " until it does", reason(cause));
            }
        });
    }

    // ------------------------------------------------------------------------------------------------- for the stores

    /**
     * Runs {@code command} through the breaker and the timeout, on a worker.
     *
     * @throws DependencyUnavailableException when Redis fails, does not answer in time, or the breaker is open
     */
    <T> T execute(RedisOperation operation, Function<UnifiedJedis, T> command) {
        stats.call(operation);
        RedisRefusals.Refused before = refusals.current(operation);
        T result = await(operation, commands.getAsync(() -> command.apply(client)));
        refusals.succeeded(operation, before);
        return result;
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
        stats.call(RedisOperation.PING);
        long start = ticker.nanoTime();
        await(RedisOperation.PING, probes.getAsync(client::ping));
        Duration latency = Duration.ofNanos(ticker.nanoTime() - start);
        if (breaker.isOpen() && breaker.getRemainingDelay().isZero()) {
            breaker.halfOpen();
        }
        return latency;
    }

    /** {@code keyPrefix + namespace + ":" + key}: the adapter's keys never mix with another deployment's. */
    String key(String namespace, String key) {
        return keyPrefix + namespace + ":" + key;
    }

    RedisStats stats() {
        return stats;
    }

    /** What Redis refused recently (out of memory, read-only, not permitted) and no success has cleared since. */
    Optional<RedisRefusals.Recent> recentRefusals() {
        return refusals.recent();
    }

    private <T> T await(RedisOperation operation, CompletableFuture<T> result) {
        try {
            // Failsafe's timeout completes the future at the deadline; the grace only guards against a lost timer.
            return result.get(operationTimeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw failure(operation, e.getCause());
        } catch (TimeoutException | CancellationException e) {
            result.cancel(false);
            throw failure(operation, e);
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw failure(operation, e);
        }
    }

    private DependencyUnavailableException failure(RedisOperation operation, Throwable cause) {
        stats.error(operation);
        RedisRefusal.of(cause).ifPresent(refusal -> refusals.refused(operation, refusal));
        if (isTimeout(cause) && operation != RedisOperation.PING && breaker.isClosed()) {
            // A server that accepts but does not answer would make every later call wait the full timeout.
            breaker.open();
        }
        // Without the exception: a driver's message can name the host (an unknown host, a refused connection).
        LOG.debug("Redis {} failed: {} ({})", operation.tag(), reason(cause), cause.getClass().getSimpleName());
        return new DependencyUnavailableException(DEPENDENCY,
                "redis " + operation.tag() + " failed: " + reason(cause));
    }

    /**
     * Whether Redis did not answer in time: the operation timeout, or the socket's read timeout when it fires
     * first (both are {@code operationTimeout}, so either can win the race).
     */
    private static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutExceededException || cause instanceof TimeoutException
                || (cause instanceof JedisConnectionException && cause.getCause() instanceof SocketTimeoutException);
    }

    /** A fixed description of what went wrong: vendor messages name hosts, so none is passed on. */
    private String reason(Throwable cause) {
        if (cause instanceof CircuitBreakerOpenException) {
            return "circuit breaker open (Redis failed recently), not tried";
        }
        if (isTimeout(cause) || cause instanceof CancellationException) {
            return "no answer within " + operationTimeout.toMillis() + " ms";
        }
        if (cause instanceof RejectedExecutionException) {
            return "too many Redis calls waiting";
        }
        if (cause instanceof InterruptedException) {
            return "interrupted";
        }
        Optional<RedisRefusal> refusal = RedisRefusal.of(cause);
        if (refusal.isPresent()) {
            return refusal.get().reason();
        }
        if (cause instanceof JedisAccessControlException) {
            // Jedis raises it for a refused login and for a command the ACL user may not run (NOPERM, above) alike
            return "authentication refused (check the user and password of the Redis URL)";
        }
        if (cause instanceof JedisConnectionException) {
            return "connection failed or lost";
        }
        if (cause instanceof JedisException) {
            return "command refused by Redis";
        }
        return "unexpected " + cause.getClass().getSimpleName();
    }

    /**
     * Logs that Redis was given up on (WARN, once per outage) or that a trial found it still failing (DEBUG: every
     * {@code breakerOpenDuration} for as long as the outage lasts), and empties the pool.
     */
    private void onBreakerOpen(CircuitBreaker.State previous) {
        if (previous == CircuitBreaker.State.HALF_OPEN) {
            LOG.debug("Redis still failing: circuit breaker open again");
        } else {
            LOG.warn("Redis circuit breaker open: Redis calls are skipped for now (cache misses, local rate limits)");
        }
        try {
            // Connections idle in the pool point at a server that failed; a restarted one is reached afresh.
            client.getPool().clear();
        } catch (RuntimeException e) {
            LOG.debug("Could not clear the Redis pool", e);
        }
    }

    // ------------------------------------------------------------------------------------------------- observability

    /** The circuit breaker's state now. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Pooled connections lent out now. */
    public int activeConnections() {
        return client.getPool().getNumActive();
    }

    /** Pooled connections idle now. */
    public int idleConnections() {
        return client.getPool().getNumIdle();
    }

    /** The longest any call waits for Redis before it counts Redis as unavailable. */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** Stops the workers and closes every pooled connection. */
    @Override
    public void close() {
        workers.shutdownNow();
        client.close();
    }

    /** Names no host and no credentials. */
    @Override
    public String toString() {
        return "RedisConnection[prefix=" + keyPrefix + ", breaker=" + breaker.getState() + "]";
    }

    /**
     * Options of a {@link RedisConnection}, each with a production default. Not thread-safe; {@link #build()} copies
     * what it needs.
     */
    public static final class Builder {
        private final RedisUrl url;
        private String keyPrefix = "bulwark:";
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration operationTimeout = Duration.ofMillis(250);
        private int poolMaxTotal = 32;
        private Duration poolMaxWait = Duration.ofMillis(250);
        private int breakerFailureThreshold = 5;
        private Duration breakerOpenDuration = Duration.ofSeconds(3);
        private Ticker ticker = Ticker.system();

        private Builder(RedisUrl url) {
            this.url = url;
        }

        /** Prefix of every key, so deployments can share one Redis; default {@code bulwark:}. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "keyPrefix");
            return this;
        }

        /** Time to open a connection; default 2 s. The caller still waits at most the operation timeout. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Time one call may take, connection and pool wait included; also the socket timeout. Default 250 ms. */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive(timeout, "operationTimeout");
            return this;
        }

        /** Pooled connections (and worker threads) at most; default 32. */
        public Builder poolMaxTotal(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("poolMaxTotal must be at least 1, was " + connections);
            }
            this.poolMaxTotal = connections;
            return this;
        }

        /** Time a worker waits for a pooled connection; default 250 ms, never unbounded. */
        public Builder poolMaxWait(Duration wait) {
            this.poolMaxWait = positive(wait, "poolMaxWait");
            return this;
        }

        /** Failures in a row that open the circuit breaker; default 5. A timeout opens it at once. */
        public Builder breakerFailureThreshold(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("breakerFailureThreshold must be at least 1, was " + failures);
            }
            this.breakerFailureThreshold = failures;
            return this;
        }

        /** How long the open breaker skips Redis before it half-opens to try again; default 3 s. */
        public Builder breakerOpenDuration(Duration duration) {
            this.breakerOpenDuration = positive(duration, "breakerOpenDuration");
            return this;
        }

        /** The monotonic clock for latencies; default {@link Ticker#system()}. */
        public Builder ticker(Ticker source) {
            this.ticker = Objects.requireNonNull(source, "ticker");
            return this;
        }

        /**
         * Creates the connection. Never waits for Redis: one background {@code PING} warms the client up and logs
         * whether Redis answers, and an unreachable Redis only makes calls fail fast until it answers.
         */
        public RedisConnection build() {
            RedisConnection connection = new RedisConnection(this);
            connection.warmUp();
            return connection;
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
            return duration;
        }
    }
}
