package dev.bulwark.benchmarks;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.test.TestCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cache-hit path, in memory versus Redis.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheHitBenchmark {

    /** The tool's input. */
    public record Lookup(String key) {}

    /** The tool's output. */
    public record Answer(String text) {}

    private static final String KEY = "bench:hit";
    private static final Map<String, Object> ARGUMENTS = Map.of("key", "k");
    private static final String VALUE = "{\"text\":\"" + "x".repeat(1_000) + "\"}";

    private static final Tool<Lookup, Answer> LOOKUP = Tool.builder("lookup", Lookup.class, Answer.class)
            .description("Looks a key up")
            .cache(CachePolicy.shared(Duration.ofHours(1)))
            .rateLimit(RateLimit.perSecond(100_000_000))
            .handler((input, context) -> ToolResult.of(new Answer("x".repeat(1_000)), "x".repeat(1_000)))
            .build();

    @Param({"in-memory", "redis", "redis-two-trips"})
    public String store;

    private EmbeddedRedis redisServer;
    private RedisConnection redis;
    private CacheStore cache;
    private Bulwark bulwark;
    private TestCallContext caller;

    @Setup(Level.Trial)
    public void setUp() {
        Bulwark.Builder server = Bulwark.builder(BulwarkConfig.defaults()).tool(LOOKUP);
        if (store.startsWith("redis")) {
            redisServer = EmbeddedRedis.start();
            redis = RedisConnection.builder(RedisSettings.builder()
                            .url(redisServer.url())
                            .operationTimeout(Duration.ofSeconds(1))
                            .build())
                    .build();
            cache = new RedisCacheStore(redis);
            CacheStore given = store.equals("redis-two-trips") ? TwoTrips.hide(cache) : cache;
            server.cacheStore(given).rateLimitStore(new RedisRateLimitStore(redis));
        } else {
            cache = new InMemoryCacheStore(10_000, Ticker.system());
            server.cacheStore(cache);
        }
        cache.put(KEY, VALUE, Duration.ofHours(1));
        bulwark = server.build();
        caller = new TestCallContext(Principal.of("bench", Principal.ALL_SCOPES), "bench", LOOKUP.name());
        pipelineHit();
        if (!"hit".equals(ResultMeta.get(pipelineHit(), ResultMeta.CACHE))) {
            throw new IllegalStateException("the second call must be a cache hit");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bulwark.close();
        if (redis != null) {
            redis.close();
            redisServer.close();
        }
    }

    @Benchmark
    public Optional<String> storeGet() {
        return cache.get(KEY);
    }

    @Benchmark
    public CallToolResult pipelineHit() {
        return bulwark.call(LOOKUP, ARGUMENTS, caller);
    }
}
