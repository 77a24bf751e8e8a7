package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What the shared store adds to the contract: one budget for many instances, kept tidy in Redis. */
class RedisRateLimitStoreTest {

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
        first = RedisConnection.builder(server.url()).operationTimeout(Duration.ofSeconds(2)).build();
        second = RedisConnection.builder(server.url()).operationTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void twoInstancesShareOneBudget() throws Exception {
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
            // 80 calls arrive well within one token's refill time (3 s): exactly the burst passes, not 2 x 20.
            assertThat(allowed).isBetween(20L, 21L);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anotherInstanceSeesTheSpentBudgetAndWhenToRetry() {
        RateLimit limit = RateLimit.perMinute(1);
        new RedisRateLimitStore(first).tryAcquire("alice", limit);

        RateLimitDecision decision = new RedisRateLimitStore(second).tryAcquire("alice", limit);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
    }

    @Test
    void bucketExpiresOnceItWouldBeFullAgain() {
        new RedisRateLimitStore(first).tryAcquire("bob", RateLimit.perSecond(10));

        try (RedisClient raw = RedisClient.create(server.url())) {
            // one token spent at 10 per second refills in 100 ms; the key lives that long plus one second of slack
            assertThat(raw.pttl("bulwark:ratelimit:bob")).isBetween(900L, 1_100L);
        }
    }

    @Test
    void worksAgainAfterRedisForgetsTheScript() {
        RedisRateLimitStore store = new RedisRateLimitStore(first);
        store.tryAcquire("carol", RateLimit.perMinute(5));
        try (RedisClient raw = RedisClient.create(server.url())) {
            raw.scriptFlush();
        }

        assertThat(store.tryAcquire("carol", RateLimit.perMinute(5)).remaining()).isEqualTo(3);
    }
}
