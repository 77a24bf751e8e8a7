package dev.bulwark.benchmarks;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitedRead;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * What the Redis adapter's resilience costs on a hit, and what a rate-limit decision costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisCallOverheadBenchmark {

    private EmbeddedRedis server;
    private RedisClient plain;
    private RedisConnection connection;
    private RedisCacheStore store;
    private RedisRateLimitStore limits;
    private RateLimitedRead limitsAndRead;

    /** Far more than a run can spend: every decision is an acceptance. */
    private static final RateLimit LIMIT = RateLimit.perSecond(1_000_000_000);

    @Setup(Level.Trial)
    public void setUp() {
        server = EmbeddedRedis.start();
        plain = RedisClient.create(server.url());
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(1))
                        .build())
                .build();
        store = new RedisCacheStore(connection);
        store.put("k", "{\"text\":\"" + "x".repeat(1_000) + "\"}", Duration.ofHours(1));
        limits = new RedisRateLimitStore(connection);
        limitsAndRead = limits.readsAlongWith(store).orElseThrow();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        connection.close();
        plain.close();
        server.close();
    }

    @Benchmark
    public String plainJedisGet() {
        return plain.get("bulwark:cache:k");
    }

    @Benchmark
    public Optional<String> adapterGet() {
        return store.get("k");
    }

    /** One rate-limit decision through {@link RedisRateLimitStore}: one transaction, one round trip. */
    @Benchmark
    public RateLimitDecision adapterRateLimit() {
        return limits.tryAcquire("bench", LIMIT);
    }

    /** One rate-limit decision and the cache read of a cached call, in one transaction. */
    @Benchmark
    public RateLimitedRead.DecisionAndRead adapterRateLimitAndGet() {
        return limitsAndRead.tryAcquireAndGet("bench", LIMIT, "k");
    }
}
