package dev.bulwark.redis;

import static dev.bulwark.ports.tasks.TaskQueue.Bounds.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the queue does when Redis fails or loses its data, beyond the contract. */
class RedisTaskQueueTest {

    private final EmbeddedRedis server = EmbeddedRedis.start();
    private final RedisConnection connection = RedisConnection.builder(RedisSettings.builder()
                    .url(server.url())
                    .operationTimeout(Duration.ofSeconds(2))
                    .build())
            .build();
    private final RedisTaskQueue queue = new RedisTaskQueue(connection);

    @AfterEach
    void close() {
        connection.close();
        server.close();
    }

    @Test
    void createsTheGroupAgainAfterRedisLostItAndDeliversWhatWasOfferedSince() throws Exception {
        queue.offer(new QueuedTask("before", "alice", Set.of(), "slow"), NONE);
        assertThat(queue.take("runner-a", 10)).hasSize(1);

        server.stop(); // killed: nothing is persisted, the stream and its group are gone
        server.restart();
        offerOnceRedisAnswers(new QueuedTask("after", "alice", Set.of(), "slow"));

        List<HeldTask> taken = queue.take("runner-b", 10);
        assertThat(taken).extracting(held -> held.task().taskId()).containsExactly("after");
        assertThat(queue.renew("runner-a", List.of())).isEmpty();
    }

    @Test
    void reportsRedisDownAsTheDependencyUnavailable() {
        server.stop();

        assertThatThrownBy(() -> queue.offer(new QueuedTask("t", "alice", Set.of(), "slow"), NONE))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThatThrownBy(() -> queue.take("runner-a", 1)).isInstanceOf(DependencyUnavailableException.class);
    }

    /** Offers {@code task} as soon as the connection reaches the restarted Redis: at most 30 s of attempts. */
    private void offerOnceRedisAnswers(QueuedTask task) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                queue.offer(task, NONE);
                return;
            } catch (DependencyUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the breaker's open delay passes; the poll has a generous bound
            }
        }
    }
}
