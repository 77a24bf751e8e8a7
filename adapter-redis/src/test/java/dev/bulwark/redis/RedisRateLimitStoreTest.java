package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aUserWhoseAclForbidsScriptsIsToldSoNotThatItsPasswordIsWrong() {
        try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
            admin.aclSetUser("noscripts", "on", ">noscripts-pw", "~*", "+@all", "-eval", "-evalsha", "-script");
        }
        String url = "redis://noscripts:noscripts-pw@127.0.0.1:" + server.port() + "/0";
        try (RedisConnection limited = RedisConnection.builder(url).operationTimeout(Duration.ofSeconds(2)).build()) {
            RedisRateLimitStore store = new RedisRateLimitStore(limited);

            assertThatThrownBy(() -> store.tryAcquire("acl", RateLimit.perMinute(5)))
                    .isInstanceOf(dev.bulwark.ports.DependencyUnavailableException.class)
                    .hasMessageContaining("command not permitted to the Redis user")
                    .hasMessageNotContaining("authentication refused");
        }
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
