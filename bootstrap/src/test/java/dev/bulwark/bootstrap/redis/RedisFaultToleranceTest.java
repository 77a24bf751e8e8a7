package dev.bulwark.bootstrap.redis;

import static dev.bulwark.bootstrap.redis.TestCalls.cacheOutcome;
import static dev.bulwark.bootstrap.redis.TestCalls.call;
import static dev.bulwark.bootstrap.redis.TestCalls.errorType;
import static dev.bulwark.bootstrap.redis.TestCalls.eventually;
import static dev.bulwark.bootstrap.redis.TestCalls.isError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.ServerStatus;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisHealthIndicator;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisSettings;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Losing Redis costs no tool call: the core pipeline on the Redis stores, under concurrent load, while a real Redis
 * is killed, frozen ({@code SIGSTOP}) and restarted. Calls bypass the cache and fall back to the local rate limiter,
 * no caller is held by Redis (every caller keeps calling while it is down; the connect timeout is minutes, so a call
 * that paid it would stop its caller far beyond the generous wait), health says degraded, and everything comes back
 * by itself. Two servers sharing one Redis share one rate limit. That a call pays the operation timeout at most once
 * is shown by the adapter's own tests; nothing here measures how fast a call is.
 */
class RedisFaultToleranceTest {

    private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(250);
    /** How long a test waits for an event: generous for a build machine whose two cores other builds share. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final int CALLERS = 4;
    /** A key the load never asks for, so that no call of the load computes it while the test looks it up. */
    private static final String CACHED_ALONE = "cached-alone";

    record Lookup(String key) {}

    record Answer(String text) {}

    /** A cached tool with a limit no load here reaches: any error result is a failure caused by Redis. */
    private static final Tool<Lookup, Answer> LOOKUP = Tool.builder("lookup", Lookup.class, Answer.class)
            .description("Looks a key up")
            .cache(CachePolicy.shared(Duration.ofMinutes(5)))
            .rateLimit(RateLimit.perSecond(1_000_000))
            .handler((input, context) -> ToolResult.of(new Answer("value of " + input.key()), input.key()))
            .build();

    /** Ten calls a minute per caller, shared by every server on the same Redis. */
    private static final Tool<Lookup, Answer> LIMITED = Tool.builder("limited", Lookup.class, Answer.class)
            .description("Allows ten calls a minute")
            .rateLimit(RateLimit.perMinute(10))
            .handler((input, context) -> ToolResult.of(new Answer("ok"), "ok"))
            .build();

    private EmbeddedRedis server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        server = EmbeddedRedis.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        if (server.isFrozen()) {
            server.thaw();
        }
        server.close();
    }

    /** A server instance on the shared Redis, wired as bootstrap wires it. */
    private Bulwark newServer() {
        RedisConnection redis = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(OPERATION_TIMEOUT)
                        // far longer than any wait of these tests: a caller held by a connect could not keep calling
                        .connectTimeout(Duration.ofMinutes(5))
                        .breakerOpenDuration(Duration.ofMillis(500))
                        .build())
                .build();
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .cacheStore(new RedisCacheStore(redis))
                .rateLimitStore(new RedisRateLimitStore(redis))
                .healthIndicator(new RedisHealthIndicator(redis))
                .tool(LOOKUP)
                .tool(LIMITED)
                .build();
        toClose.add(redis);
        toClose.add(bulwark);
        return bulwark;
    }

    private static void warmUp(Bulwark bulwark) {
        for (int i = 0; i < 50; i++) {
            call(bulwark, LOOKUP, Map.of("key", "key-" + (i % 10)));
        }
        call(bulwark, LOOKUP, Map.of("key", CACHED_ALONE));
    }

    @Test
    void stoppingRedisUnderLoadFailsNoCallAndHoldsNoCaller() throws Exception {
        Bulwark bulwark = newServer();
        warmUp(bulwark);
        try (LoadRun load = LoadRun.start(bulwark, LOOKUP, CALLERS, 20)) {
            assertThat(load.awaitCallsByEveryCaller(10, WAIT))
                    .as("every caller calls before the outage")
                    .isTrue();
            assertThat(cacheOutcome(call(bulwark, LOOKUP, Map.of("key", CACHED_ALONE))))
                    .as("cached before the outage")
                    .isEqualTo("hit");

            server.stop();

            assertThat(load.awaitCallsByEveryCaller(50, WAIT))
                    .as("every caller keeps calling while Redis is down")
                    .isTrue();
            assertThat(load.failures())
                    .as("failed calls: %s", load.failureTexts())
                    .isZero();
            assertThat(bulwark.health().check().status()).isEqualTo(ServerStatus.DEGRADED);
            assertThat(cacheOutcome(call(bulwark, LOOKUP, Map.of("key", CACHED_ALONE))))
                    .as("a result cached before the outage: the cache is bypassed")
                    .isEqualTo("miss");
        }
    }

    @Test
    void freezingRedisUnderLoadFailsNoCallAndHoldsNoCaller() throws Exception {
        Bulwark bulwark = newServer();
        warmUp(bulwark);
        try (LoadRun load = LoadRun.start(bulwark, LOOKUP, CALLERS, 20)) {
            assertThat(load.awaitCallsByEveryCaller(10, WAIT))
                    .as("every caller calls before the freeze")
                    .isTrue();
            assertThat(cacheOutcome(call(bulwark, LOOKUP, Map.of("key", CACHED_ALONE))))
                    .as("cached before the freeze")
                    .isEqualTo("hit");

            server.freeze();

            assertThat(load.awaitCallsByEveryCaller(50, WAIT))
                    .as("every caller keeps calling while Redis is frozen")
                    .isTrue();
            assertThat(load.failures())
                    .as("failed calls: %s", load.failureTexts())
                    .isZero();
            assertThat(bulwark.health().check().status()).isEqualTo(ServerStatus.DEGRADED);
            assertThat(cacheOutcome(call(bulwark, LOOKUP, Map.of("key", CACHED_ALONE))))
                    .as("a result cached before the freeze: the cache is bypassed")
                    .isEqualTo("miss");
        }
    }

    @Test
    void recoversByItselfWhenRedisRestarts() throws Exception {
        Bulwark bulwark = newServer();
        warmUp(bulwark);
        try (LoadRun load = LoadRun.start(bulwark, LOOKUP, CALLERS, 20)) {
            server.stop();
            assertThat(load.awaitCallsByEveryCaller(10, WAIT)).isTrue();
            server.restart();
            assertThat(load.awaitCallsByEveryCaller(10, WAIT)).isTrue();

            assertThat(eventually(WAIT, () -> bulwark.health().check().status() == ServerStatus.HEALTHY))
                    .isTrue();
            assertThat(load.failures())
                    .as("failed calls: %s", load.failureTexts())
                    .isZero();
        }
        assertThat(eventually(WAIT, () -> {
                    call(bulwark, LOOKUP, Map.of("key", "after-restart"));
                    return "hit".equals(cacheOutcome(call(bulwark, LOOKUP, Map.of("key", "after-restart"))));
                }))
                .as("results are cached in Redis again")
                .isTrue();
    }

    @Test
    void recoversByItselfWhenAFrozenRedisThaws() {
        Bulwark bulwark = newServer();
        warmUp(bulwark);
        server.freeze();
        assertThat(isError(call(bulwark, LOOKUP, Map.of("key", "during-freeze"))))
                .isFalse();
        server.thaw();

        assertThat(eventually(WAIT, () -> bulwark.health().check().status() == ServerStatus.HEALTHY))
                .isTrue();
        assertThat(eventually(WAIT, () -> {
                    call(bulwark, LOOKUP, Map.of("key", "after-thaw"));
                    return "hit".equals(cacheOutcome(call(bulwark, LOOKUP, Map.of("key", "after-thaw"))));
                }))
                .isTrue();
    }

    @Test
    void aSecondServerServesFromTheCacheTheFirstFilled() {
        Bulwark first = newServer();
        Bulwark second = newServer();

        assertThat(cacheOutcome(call(first, LOOKUP, Map.of("key", "shared")))).isEqualTo("miss");

        assertThat(cacheOutcome(call(second, LOOKUP, Map.of("key", "shared")))).isEqualTo("hit");
    }

    @Test
    void twoServersSharingRedisEnforceOneLimit() {
        List<Bulwark> servers = List.of(newServer(), newServer());

        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            CallToolResult result = call(servers.get(i % 2), LIMITED, Map.of("key", "k"));
            if (!isError(result)) {
                allowed++;
            } else {
                assertThat(errorType(result)).isEqualTo("rate_limited");
            }
        }

        assertThat(allowed).as("ten a minute in total, not ten per server").isEqualTo(10);
    }

    @Test
    void withRedisDownTheLocalLimiterStillLimits() {
        Bulwark bulwark = newServer();
        server.stop();

        int allowed = 0;
        for (int i = 0; i < 15; i++) {
            if (!isError(call(bulwark, LIMITED, Map.of("key", "k")))) {
                allowed++;
            }
        }

        assertThat(allowed)
                .as("the local limiter decides with this server's share: half of ten")
                .isEqualTo(5);
    }

    @Test
    void aSlowStartDoesNotLetAServerGrantAWholeBudgetOfItsOwn() {
        // A slow Redis answer at start must not open one server's breaker: that server would grant a whole fresh
        // local budget beside the shared one (163 of 300 calls with 100 a minute).
        server.freeze();
        Bulwark first = newServer();
        assertThat(isError(call(first, LIMITED, Map.of("key", "k"))))
                .as("decided alone, within its share")
                .isFalse();
        server.thaw();
        Bulwark second = newServer();

        int allowed = 1;
        for (int i = 0; i < 30; i++) {
            allowed += isError(call(i % 2 == 0 ? first : second, LIMITED, Map.of("key", "k"))) ? 0 : 1;
        }

        assertThat(allowed)
                .as("ten in all: the call the first server decided alone while Redis was frozen is handed"
                        + " to Redis once it answers")
                .isEqualTo(10);
    }

    @Test
    void theCallsDecidedAloneDuringAnOutageCountInRedisOnceItIsBack() throws Exception {
        Bulwark bulwark = newServer();
        server.stop();
        int alone = 0;
        for (int i = 0; i < 15; i++) {
            alone += isError(call(bulwark, LIMITED, Map.of("key", "k"))) ? 0 : 1;
        }
        assertThat(alone).as("this server's share: half of ten").isEqualTo(5);
        server.restart();
        assertThat(eventually(WAIT, () -> bulwark.health().check().status() == ServerStatus.HEALTHY))
                .isTrue();

        int afterwards = 0;
        for (int i = 0; i < 15; i++) {
            afterwards += isError(call(bulwark, LIMITED, Map.of("key", "k"))) ? 0 : 1;
        }

        assertThat(afterwards)
                .as("ten a minute with the five decided alone, not a fresh ten on top")
                .isEqualTo(5);
    }
}
