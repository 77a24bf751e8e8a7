package dev.bulwark.core.internal.presentation.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskQueue;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server built with a shared queue runs the tasks other instances queue from its start, with no request having
 * reached it: a worker is such a server without a transport.
 */
class QueuedTaskRunsWithoutARequestTest {

    @Test
    void aServerWithASharedQueueRunsATaskQueuedElsewhereWithoutAnyRequest() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        InMemoryTaskStore store = new InMemoryTaskStore();
        InMemoryTaskQueue queue = new InMemoryTaskQueue(System::nanoTime);
        Instant now = Instant.now();
        TaskRecord queued = TaskRecord.working(
                "queued-elsewhere",
                "alice",
                "job",
                now,
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)), // a task in the shared queue: its entry is its lease
                "{\"name\":\"job\",\"arguments\":{}}",
                null);
        store.create(queued, 100, 100, now);
        queue.offer(new QueuedTask(queued.taskId(), "alice", Set.of(), "job"), TaskQueue.Bounds.NONE);

        try (Bulwark server = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("job", Map.class, Void.class)
                        .inputSchema(Map.of("type", "object"))
                        .description("Runs as a task")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> {
                            ran.countDown();
                            return ToolResult.text("done");
                        })
                        .build())
                .taskSettings(TaskSettings.defaults().withPollInterval(Duration.ofMillis(100)))
                .taskStore(store)
                .taskQueue(queue)
                .build()) {

            assertThat(ran.await(60, TimeUnit.SECONDS))
                    .as("the queued task ran")
                    .isTrue();
            await("the task's outcome stored")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> store.find(queued.taskId(), Instant.now())
                                    .map(TaskRecord::status)
                                    .orElseThrow()
                            == TaskStatus.COMPLETED);
            assertThat(server.tools()).hasSize(1);
        }
    }
}
