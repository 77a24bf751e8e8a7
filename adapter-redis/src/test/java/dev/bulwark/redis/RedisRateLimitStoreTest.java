package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import dev.bulwark.ports.ratelimit.RateLimitedRead;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What the shared store adds to the contract: one window for many instances, on Redis's clock, kept tidy in Redis. */
class RedisRateLimitStoreTest {

    /**
     * Waits for what another thread brings about, polling on the test's thread: looks at once, then every 10 ms, for at
     * most 30 s (generous: the bound only matters when it never comes).
     */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(30))
            .pollInSameThread()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(10));

    private static EmbeddedRedis server;
    private RedisConnection first;
    private RedisConnection second;

    @BeforeAll
    static void startRedis() {
        server = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @BeforeEach
    void connect() {
        first = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
        second = RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .operationTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void aUserWhoseAclForbidsTheWindowCommandsIsToldSoNotThatItsPasswordIsWrong() {
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
            admin.aclSetUser("nocount", "on", ">nocount-pw", "~*", "+@all", "-hincrby");
        }
        String url = "redis://nocount:nocount-pw@127.0.0.1:" + server.port() + "/0";
        try (RedisConnection limited = RedisConnection.builder(RedisSettings.builder()
                        .url(url)
                        .operationTimeout(Duration.ofSeconds(30))
                        .build())
                .build()) {
            RedisRateLimitStore store = new RedisRateLimitStore(limited);

            assertThatThrownBy(() -> store.tryAcquire("acl", RateLimit.perMinute(5)))
                    .isInstanceOf(dev.bulwark.ports.DependencyUnavailableException.class)
                    .hasMessageContaining("command not permitted to the Redis user")
                    .hasMessageNotContaining("authentication refused");
        }
    }

    @Test
    void twoInstancesOnTheSameClockAcceptAHundredOfThreeHundredCallsInTenSecondsNotAHundredAndSixteen() {
        // A token bucket shared by two instances with 100 a minute accepts 116 of 300 calls in 10 s.
        ManualTicker clock = new ManualTicker();
        List<RedisRateLimitStore> instances = List.of(
                new RedisRateLimitStore(first, RedisTime.of(clock)),
                new RedisRateLimitStore(second, RedisTime.of(clock)));
        RateLimit limit = RateLimit.perMinute(100);
        int allowed = 0;
        for (int i = 0; i < 300; i++) {
            allowed += instances.get(i % 2).tryAcquire("issue-26", limit).allowed() ? 1 : 0;
            clock.advance(Duration.ofMillis(33));
        }

        assertThat(allowed).isEqualTo(100);
    }

    @Test
    void twoInstancesOnRedisTimeShareOneWindowUnderConcurrency() throws Exception {
        RateLimit limit = RateLimit.perMinute(20);
        List<RedisRateLimitStore> instances = List.of(new RedisRateLimitStore(first), new RedisRateLimitStore(second));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                RedisRateLimitStore instance = instances.get(i % 2);
                calls.add(() -> instance.tryAcquire("shared", limit).allowed());
            }
            long allowed = 0;
            for (Future<Boolean> result : callers.invokeAll(calls)) {
                allowed += result.get() ? 1 : 0;
            }
            // however the calls interleave, and however long they take under a minute: 20 in total, not 2 x 20
            assertThat(allowed).isEqualTo(20);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void instancesWhoseOwnClocksDisagreeCountOnRedisTime() {
        ManualTicker anHourAhead = new ManualTicker();
        anHourAhead.advance(Duration.ofHours(1));
        RedisRateLimitStore onSystemClock = new RedisRateLimitStore(first);
        RedisRateLimitStore onSkewedClock = new RedisRateLimitStore(second, RedisTime.server(anHourAhead));
        RateLimit limit = RateLimit.perMinute(2);

        onSystemClock.tryAcquire("skew", limit);
        onSkewedClock.tryAcquire("skew", limit);

        assertThat(onSkewedClock.tryAcquire("skew", limit).allowed()).isFalse();
        assertThat(onSystemClock.tryAcquire("skew", limit).allowed()).isFalse();
    }

    @Test
    void anotherInstanceSeesTheSpentBudgetAndWhenToRetry() {
        // One clock for both, as Redis's TIME is in production: the retry is exact however long the calls take.
        ManualTicker clock = new ManualTicker();
        RateLimit limit = RateLimit.perMinute(1); // slots of 6 s
        new RedisRateLimitStore(first, RedisTime.of(clock)).tryAcquire("alice", limit);
        clock.advance(Duration.ofSeconds(4));

        RateLimitDecision decision = new RedisRateLimitStore(second, RedisTime.of(clock)).tryAcquire("alice", limit);

        assertThat(decision.allowed()).isFalse();
        // the first call, in slot 0, counts until slot 11 begins at 66 s; it is 4 s
        assertThat(decision.retryAfter()).isEqualTo(Duration.ofSeconds(62));
    }

    @Test
    void aRejectedCallTakesItsCountBack() {
        ManualTicker clock = new ManualTicker();
        RedisRateLimitStore store = new RedisRateLimitStore(first, RedisTime.of(clock));
        RateLimit limit = RateLimit.perMinute(2);
        for (int i = 0; i < 5; i++) {
            store.tryAcquire("dave", limit);
        }

        try (RedisClient raw = RedisClient.create(server.url())) {
            Map<String, String> window = raw.hgetAll("bulwark:ratewindow:" + limit.slotNanos() + ":dave");
            assertThat(window.values().stream().mapToLong(Long::parseLong).sum())
                    .isEqualTo(2);
        }
    }

    @Test
    void decidesAndReadsTheCacheInOneTransactionWhenBothStoresShareTheConnection() {
        RedisCacheStore cache = new RedisCacheStore(first);
        cache.put("entry", "{\"v\":1}", Duration.ofMinutes(1));
        RedisRateLimitStore limits = new RedisRateLimitStore(first);
        RateLimitedRead both = limits.readsAlongWith(cache).orElseThrow();
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
            admin.configResetStat();

            RateLimitedRead.DecisionAndRead hit = both.tryAcquireAndGet("erin", RateLimit.perMinute(5), "entry");
            RateLimitedRead.DecisionAndRead miss = both.tryAcquireAndGet("erin", RateLimit.perMinute(5), "absent");

            assertThat(hit.decision().allowed()).isTrue();
            assertThat(hit.cached()).contains("{\"v\":1}");
            assertThat(miss.decision().remaining()).isEqualTo(3);
            assertThat(miss.cached()).isEmpty();
            String stats = admin.info("commandstats");
            assertThat(stats).contains("cmdstat_exec:calls=2,", "cmdstat_get:calls=2,", "cmdstat_hincrby:calls=2,");
        }
    }

    @Test
    void aUserWhoseAclForbidsTheCacheReadOrTheTransactionIsToldSo() {
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
            admin.aclSetUser("noget", "on", ">noget-pw", "~*", "+@all", "-get");
            admin.aclSetUser("nomulti", "on", ">nomulti-pw", "~*", "+@all", "-multi");
        }
        for (String user : List.of("noget", "nomulti")) {
            String url = "redis://" + user + ":" + user + "-pw@127.0.0.1:" + server.port() + "/0";
            try (RedisConnection limited = RedisConnection.builder(RedisSettings.builder()
                            .url(url)
                            .operationTimeout(Duration.ofSeconds(30))
                            .build())
                    .build()) {
                RateLimitedRead both = new RedisRateLimitStore(limited)
                        .readsAlongWith(new RedisCacheStore(limited))
                        .orElseThrow();

                assertThatThrownBy(() -> both.tryAcquireAndGet("acl-" + user, RateLimit.perMinute(5), "entry"))
                        .as(user)
                        .isInstanceOf(dev.bulwark.ports.DependencyUnavailableException.class)
                        .hasMessageContaining("command not permitted to the Redis user");
                assertThat(limited.breakerState())
                        .as("a refusal is not a failure to the breaker")
                        .isEqualTo(dev.failsafe.CircuitBreaker.State.CLOSED);
            }
        }
    }

    @Test
    void readsAlongOnlyWithARedisCacheOnTheSameConnection() {
        RedisRateLimitStore limits = new RedisRateLimitStore(first);

        assertThat(limits.readsAlongWith(new RedisCacheStore(second))).isEmpty();
        assertThat(limits.readsAlongWith(new RedisCacheStore(first))).isPresent();
    }

    @Test
    void dropsSlotsThatLeftTheWindowAndExpiresOnceItsNewestSlotHas() {
        ManualTicker clock = new ManualTicker();
        RedisRateLimitStore store = new RedisRateLimitStore(first, RedisTime.of(clock));
        RateLimit limit = RateLimit.perMinute(10); // slots of 6 s
        store.tryAcquire("bob", limit);
        clock.advance(Duration.ofSeconds(70)); // the first slot no longer counts

        try (RedisClient raw = RedisClient.create(server.url())) {
            long before = RedisClock.nowMillis(raw);
            store.tryAcquire("bob", limit);
            long after = RedisClock.nowMillis(raw);

            assertThat(raw.hkeys("bulwark:ratewindow:" + limit.slotNanos() + ":bob"))
                    .containsExactly(Long.toString(70 / 6));
            // slot 11 (66 s to 72 s) counts until slot 22 begins, at 132 s; it is 70 s: 62 s, plus a millisecond
            // of rounding and a second of slack, from when Redis took the PEXPIRE (on its clock, to the millisecond)
            assertThat(RedisClock.expiresAtMillis(raw, "bulwark:ratewindow:" + limit.slotNanos() + ":bob") - 63_001L)
                    .isBetween(before - 1, after + 1);
        }
    }

    @Test
    void instancesWhoseLimitsHaveDifferentSlotLengthsEachKeepTheirOwnWindowForAKey() {
        // A rolling deploy that changed the limit: 10 a minute (slots of 6 s) beside 10 a minute with an extra burst
        // of 2 (slots of 7.2 s). In one hash each read the other's slots as stale and deleted them: 100 of 100 passed.
        ManualTicker clock = new ManualTicker();
        clock.advance(Duration.ofDays(1));
        RedisRateLimitStore old = new RedisRateLimitStore(first, RedisTime.of(clock));
        RedisRateLimitStore rolledOut = new RedisRateLimitStore(second, RedisTime.of(clock));
        RateLimit oldLimit = RateLimit.perMinute(10);
        RateLimit newLimit = RateLimit.perMinute(10).withExtraBurst(2);
        int oldAllowed = 0;
        int newAllowed = 0;
        for (int i = 0; i < 50; i++) {
            oldAllowed += old.tryAcquire("erin", oldLimit).allowed() ? 1 : 0;
            newAllowed += rolledOut.tryAcquire("erin", newLimit).allowed() ? 1 : 0;
            clock.advance(Duration.ofMillis(10));
        }

        assertThat(oldAllowed).isEqualTo(10);
        assertThat(newAllowed).isEqualTo(12);
        try (RedisClient raw = RedisClient.create(server.url())) {
            assertThat(raw.keys("bulwark:ratewindow:*:erin"))
                    .containsExactlyInAnyOrder(
                            "bulwark:ratewindow:" + oldLimit.slotNanos() + ":erin",
                            "bulwark:ratewindow:" + newLimit.slotNanos() + ":erin");
        }
    }

    @Test
    void aRejectionStandsWhenTakingItsCountBackFails() throws Exception {
        RateLimit limit = RateLimit.perMinute(2);
        ManualTicker clock = new ManualTicker();
        RedisRateLimitStore spender = new RedisRateLimitStore(first, RedisTime.of(clock));
        spender.tryAcquire("frank", limit);
        spender.tryAcquire("frank", limit);
        try (StallingProxy proxy = new StallingProxy(server.port());
                RedisConnection behindProxy = RedisConnection.builder(RedisSettings.builder()
                                .url("redis://127.0.0.1:" + proxy.port() + "/0")
                                // the calls before the stall must not reach it; the stalled take-back surely does
                                .operationTimeout(Duration.ofSeconds(5))
                                .build())
                        .build()) {
            RedisRateLimitStore store = new RedisRateLimitStore(behindProxy, RedisTime.of(clock));
            store.tryAcquire("warm-up", limit); // the connection is open and idle: the next call runs on this thread
            EVENTUALLY
                    .alias("an idle pooled connection")
                    .until(() -> behindProxy.idleConnections() > 0); // the evictor may hold it
            proxy.stallAfterCommand("EXEC"); // the transaction goes through; the take-back after it never arrives

            RateLimitDecision decision = store.tryAcquire("frank", limit);

            assertThat(decision.allowed()).as("Redis's window rejected it").isFalse();
            assertThat(behindProxy.breakerState()).isEqualTo(dev.failsafe.CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void aRejectionStandsWhenTakingItsCountBackFailsAfterADecisionOnAWorker() throws Exception {
        RateLimit limit = RateLimit.perMinute(2);
        ManualTicker clock = new ManualTicker();
        RedisRateLimitStore spender = new RedisRateLimitStore(first, RedisTime.of(clock));
        spender.tryAcquire("grace", limit);
        spender.tryAcquire("grace", limit);
        try (StallingProxy proxy = new StallingProxy(server.port())) {
            proxy.dropConnections(1); // the warm-up's: no pooled connection is idle, so the call runs on a worker
            try (RedisConnection behindProxy = RedisConnection.builder(RedisSettings.builder()
                            .url("redis://127.0.0.1:" + proxy.port() + "/0")
                            .operationTimeout(Duration.ofSeconds(5))
                            .build())
                    .build()) {
                EVENTUALLY
                        .alias("the warm-up's connection dropped")
                        .until(() -> proxy.dropped() > 0); // it runs in the background
                assertThat(behindProxy.idleConnections()).isZero();
                RedisRateLimitStore store = new RedisRateLimitStore(behindProxy, RedisTime.of(clock));
                proxy.stallAfterCommand("EXEC"); // the transaction goes through; the take-back after it never arrives

                RateLimitDecision decision = store.tryAcquire("grace", limit);

                assertThat(decision.allowed()).as("Redis's window rejected it").isFalse();
                assertThat(behindProxy.breakerState()).isEqualTo(dev.failsafe.CircuitBreaker.State.CLOSED);
            }
        }
    }
}
