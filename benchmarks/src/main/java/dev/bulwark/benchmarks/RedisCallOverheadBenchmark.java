package dev.bulwark.benchmarks;

import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
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
 * What the adapter's resilience costs on a Redis hit: a plain pooled Jedis {@code GET} against the same {@code GET}
 * through {@link RedisCacheStore} (circuit breaker, timeout, worker hand-off). Not thread-safe: one state per trial.
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

    @Setup(Level.Trial)
    public void setUp() {
        server = EmbeddedRedis.start();
        plain = RedisClient.create(server.url());
        connection = RedisConnection.builder(server.url()).operationTimeout(Duration.ofSeconds(1)).build();
        store = new RedisCacheStore(connection);
        store.put("k", "{\"text\":\"" + "x".repeat(1_000) + "\"}", Duration.ofHours(1));
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
}
