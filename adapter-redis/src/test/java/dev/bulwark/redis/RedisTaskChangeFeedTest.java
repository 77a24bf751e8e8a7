package dev.bulwark.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.tasks.TaskChangeFeed.Change;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The feed of task changes over a real Redis: two connections, as two instances; a restart of Redis is survived. */
class RedisTaskChangeFeedTest {

    private static final long WAIT_SECONDS = 60;

    private EmbeddedRedis server;
    private RedisConnection publishing;
    private RedisConnection listening;

    @BeforeEach
    void start() {
        server = EmbeddedRedis.start();
        publishing = connection();
        listening = connection();
    }

    private RedisConnection connection() {
        return RedisConnection.builder(RedisSettings.builder()
                        .url(server.url())
                        .breakerOpenDuration(Duration.ofMillis(200))
                        .build())
                .build();
    }

    @AfterEach
    void stop() {
        listening.close();
        publishing.close();
        server.close();
    }

    @Test
    void aChangePublishedThroughOneConnectionReachesTheListenerOfAnother() throws Exception {
        BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
        try (AutoCloseable listener = new RedisTaskChangeFeed(listening).listen(heard::add)) {
            awaitSubscribers(1);

            new RedisTaskChangeFeed(publishing).publish(new Change("instance-a", "alice", "task-1"));

            assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new Change("instance-a", "alice", "task-1"));
        }
        awaitSubscribers(0);
    }

    @Test
    void theListenerSubscribesAgainAfterRedisRestarts() throws Exception {
        BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
        try (AutoCloseable listener = new RedisTaskChangeFeed(listening).listen(heard::add)) {
            awaitSubscribers(1);

            server.stop();
            server.restart();
            awaitSubscribers(1);
            RedisTaskChangeFeed feed = new RedisTaskChangeFeed(publishing);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            boolean published = false;
            while (!published && System.nanoTime() < deadline) {
                try { // the publishing pool finds its connections closed by the restart, and its breaker opens
                    feed.publish(new Change("instance-a", "alice", "task-2"));
                    published = true;
                } catch (dev.bulwark.ports.DependencyUnavailableException e) {
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }

            assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(new Change("instance-a", "alice", "task-2"));
        }
    }

    @Test
    void aMessageThisFeedDidNotWriteIsSkipped() {
        assertThat(RedisTaskChangeFeed.parse("hello")).isNull();
        assertThat(RedisTaskChangeFeed.parse("a\nt\no")).isEqualTo(new Change("a", "o", "t"));
    }

    /** Waits until Redis counts {@code count} subscribers of the feed's channel. */
    private void awaitSubscribers(long count) throws InterruptedException {
        String channel = RedisSettings.DEFAULT_KEY_PREFIX + "tasks:changes";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            try (Jedis jedis = new Jedis(URI.create(server.url()))) {
                if (jedis.pubsubNumSub(channel).getOrDefault(channel, 0L) == count) {
                    return;
                }
            } catch (RuntimeException e) {
                // Redis restarting
            }
            assertThat(System.nanoTime()).as("%s subscribers in time", count).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
