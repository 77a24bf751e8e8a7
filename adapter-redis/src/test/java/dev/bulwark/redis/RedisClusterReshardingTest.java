package dev.bulwark.redis;

import static dev.bulwark.ports.tasks.TaskQueue.Bounds.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A slot holding a rate-limit window, cache entries and the whole task queue moves from one primary to another while
 * calls continue ({@code CLUSTER SETSLOT IMPORTING} and {@code MIGRATING}, {@code MIGRATE}, {@code SETSLOT NODE}):
 * every call succeeds, following {@code ASK} and {@code MOVED}, and no key is lost.
 */
class RedisClusterReshardingTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterReshardingTest.class);
    private static final RateLimit LIMIT = RateLimit.perMinute(1_000_000);
    /** Calls made between two steps of the move, so that each state of the slot is met by calls. */
    private static final int CALLS_PER_STEP = 30;

    private static EmbeddedRedisCluster cluster;
    private static RedisConnection connection;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.start();
        connection = RedisConnection.builder(RedisSettings.builder()
                        .url(cluster.url())
                        .keyPrefix("reshard-" + UUID.randomUUID() + ":")
                        .operationTimeout(Duration.ofSeconds(2))
                        .build())
                .build();
    }

    @AfterAll
    static void stop() {
        if (connection != null) {
            connection.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theTaskQueuesSlotMovesToAnotherPrimaryUnderCallsAndEveryCallSucceedsAndNoKeyIsLost() throws Exception {
        int slot = JedisClusterCRC16.getSlot(RedisTaskQueue.CLUSTER_TAG);
        RedisRateLimitStore limits = new RedisRateLimitStore(connection);
        RedisCacheStore cache = new RedisCacheStore(connection);
        RedisTaskQueue queue = new RedisTaskQueue(connection);
        String caller =
                nameInSlot("caller", slot, name -> connection.key("ratewindow", LIMIT.slotNanos() + ":" + name));
        List<String> entries = IntStream.range(0, 3)
                .mapToObj(i -> nameInSlot("entry-" + i + "-", slot, cache::redisKey))
                .toList();
        entries.forEach(entry -> cache.put(entry, "v0", Duration.ofMinutes(5)));
        limits.tryAcquire(caller, LIMIT);
        queue.offer(new QueuedTask("before-0", "alice", Set.of(), "slow"), NONE);
        queue.offer(new QueuedTask("before-1", "bob", Set.of(), "slow"), NONE);

        Calls calls = new Calls(limits, cache, queue, caller, entries);
        Thread caller1 = new Thread(calls, "resharding-calls");
        caller1.start();
        long movedIn;
        EmbeddedRedis from = cluster.primaryOf(slot);
        EmbeddedRedis to = cluster.nodes().stream()
                .limit(3)
                .filter(node -> node != from)
                .findFirst()
                .orElseThrow();
        try {
            calls.awaitMore(CALLS_PER_STEP);
            long startedAt = System.nanoTime();
            move(slot, from, to, calls);
            movedIn = Duration.ofNanos(System.nanoTime() - startedAt).toMillis();
            calls.awaitMore(CALLS_PER_STEP);
        } finally {
            calls.stop();
            caller1.join(Duration.ofSeconds(30).toMillis());
        }
        LOG.info("Slot {} moved in {} ms under {} calls", slot, movedIn, calls.made.get());

        assertThat(calls.failures).as("every call during the move succeeded").isEmpty();
        assertThat(cluster.primaryOf(slot))
                .as("the slot is served by its new primary")
                .isSameAs(to);
        assertThat(limits.tryAcquire(caller, LIMIT).remaining())
                .as("the window kept every call counted before, during and after the move")
                .isEqualTo(LIMIT.permits() - 1 - calls.acquired.get() - 1);
        for (String entry : entries) {
            assertThat(cache.get(entry)).as("cache entry " + entry).isEqualTo(Optional.of(calls.lastValue));
        }
        List<String> left = new ArrayList<>();
        for (List<HeldTask> taken = queue.take("after", 100); !taken.isEmpty(); taken = queue.take("after", 100)) {
            taken.forEach(held -> {
                left.add(held.task().taskId());
                queue.done("after", held);
            });
        }
        assertThat(calls.taken.keySet()).as("no task taken twice").doesNotContainAnyElementsOf(left);
        List<String> all = new ArrayList<>(calls.taken.keySet());
        all.addAll(left);
        assertThat(all).as("every task offered is taken once").containsExactlyInAnyOrderElementsOf(calls.offered);
        try (Jedis target = new Jedis("127.0.0.1", to.port())) {
            assertThat(target.clusterCountKeysInSlot(slot))
                    .as("the keys lie on the new primary")
                    .isPositive();
        }
    }

    /**
     * Moves {@code slot} in the steps of {@code redis-cli --cluster reshard}, waiting for more calls after each: the
     * target imports, the source migrates, the keys move (here in one {@code MIGRATE}), every primary learns the owner.
     */
    private static void move(int slot, EmbeddedRedis from, EmbeddedRedis to, Calls calls) {
        try (Jedis source = new Jedis("127.0.0.1", from.port());
                Jedis target = new Jedis("127.0.0.1", to.port())) {
            String sourceId = source.clusterMyId();
            String targetId = target.clusterMyId();
            target.clusterSetSlotImporting(slot, sourceId);
            source.clusterSetSlotMigrating(slot, targetId);
            calls.awaitMore(CALLS_PER_STEP);
            List<String> keys = source.clusterGetKeysInSlot(slot, 10_000);
            List<String> arguments =
                    new ArrayList<>(List.of("127.0.0.1", Integer.toString(to.port()), "", "0", "5000"));
            arguments.add("KEYS");
            arguments.addAll(keys);
            source.sendCommand(Protocol.Command.MIGRATE, arguments.toArray(String[]::new));
            calls.awaitMore(CALLS_PER_STEP);
            target.clusterSetSlotNode(slot, targetId);
            source.clusterSetSlotNode(slot, targetId);
        }
        for (EmbeddedRedis node : cluster.nodes().subList(0, 3)) {
            if (node != from && node != to) {
                try (Jedis other = new Jedis("127.0.0.1", node.port())) {
                    other.clusterSetSlotNode(
                            slot,
                            other.clusterNodes()
                                    .lines()
                                    .filter(line -> line.contains(":" + to.port() + "@"))
                                    .map(line -> line.split(" ")[0])
                                    .findFirst()
                                    .orElseThrow());
                }
            }
        }
    }

    /** The first of {@code base}0, {@code base}1, ... whose Redis key lies in {@code slot}. */
    private static String nameInSlot(String base, int slot, Function<String, String> redisKey) {
        IntPredicate inSlot = i -> JedisClusterCRC16.getSlot(redisKey.apply(base + i)) == slot;
        return base
                + IntStream.iterate(0, i -> i + 1).filter(inSlot).findFirst().orElseThrow();
    }

    /**
     * Calls on the moving slot, one after another until stopped: a rate-limit decision, a cache read and write, and a
     * task offered and one taken and done. Records every failure.
     */
    private static final class Calls implements Runnable {

        private final RedisRateLimitStore limits;
        private final RedisCacheStore cache;
        private final RedisTaskQueue queue;
        private final String caller;
        private final List<String> entries;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong made = new AtomicLong();
        final AtomicLong acquired = new AtomicLong();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<String> offered = new CopyOnWriteArrayList<>(List.of("before-0", "before-1"));
        final ConcurrentHashMap<String, Boolean> taken = new ConcurrentHashMap<>();
        volatile String lastValue = "v0";

        Calls(
                RedisRateLimitStore limits,
                RedisCacheStore cache,
                RedisTaskQueue queue,
                String caller,
                List<String> entries) {
            this.limits = limits;
            this.cache = cache;
            this.queue = queue;
            this.caller = caller;
            this.entries = entries;
        }

        @Override
        public void run() {
            for (int n = 0; running.get(); n++) {
                try {
                    call(n);
                } catch (RuntimeException | AssertionError e) {
                    LOG.warn("A call failed during the move", e);
                    failures.add(e);
                }
                made.incrementAndGet();
            }
        }

        private void call(int n) {
            if (limits.tryAcquire(caller, LIMIT).allowed()) {
                acquired.incrementAndGet();
            }
            String entry = entries.get(n % entries.size());
            assertThat(cache.get(entry)).isPresent();
            String value = "v" + (n + 1);
            for (String each : entries) {
                cache.put(each, value, Duration.ofMinutes(5));
            }
            lastValue = value;
            String taskId = "during-" + n;
            offered.add(taskId);
            queue.offer(new QueuedTask(taskId, n % 2 == 0 ? "alice" : "bob", Set.of(), "slow"), NONE);
            for (HeldTask held : queue.take("during", 1)) {
                if (taken.putIfAbsent(held.task().taskId(), true) != null) {
                    failures.add(
                            new AssertionError("taken twice: " + held.task().taskId()));
                }
                queue.done("during", held);
            }
        }

        void awaitMore(int count) {
            long target = made.get() + count;
            await("" + count + " more calls").atMost(Duration.ofSeconds(60)).until(() -> made.get() >= target);
        }

        void stop() {
            running.set(false);
        }
    }
}
