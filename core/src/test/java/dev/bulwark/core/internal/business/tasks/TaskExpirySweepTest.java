package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An expired task is freed by the engine's heartbeat, on time, with no other task created: the clock is moved past
 * its time to live and the heartbeat, running on its own thread, drops it from the store.
 */
class TaskExpirySweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TTL = Duration.ofMinutes(1);

    private final SettableClock clock = new SettableClock();
    private final InMemoryTaskStore store = new InMemoryTaskStore();
    private final Era2026View tasks = tasks();

    private Era2026View tasks() {
        Tool<Map, Void> quick = Tool.builder("quick", Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("quick")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .handler((input, context) -> ToolResult.text("done"))
                .build();
        TaskSettings settings =
                TaskSettings.defaults().withTtl(TTL).withLease(Duration.ofSeconds(3), Duration.ofMillis(100));
        return new Era2026View(
                JSON,
                settings,
                new TaskEngine(
                        JSON,
                        store,
                        settings,
                        clock,
                        List.of(quick),
                        (taskId, params, origin, cancelled) -> CompletableFuture.completedFuture(
                                new TaskOutcome(null, JSON.createObjectNode().put("isError", false), null))));
    }

    @AfterEach
    void stopHeartbeat() {
        tasks.close();
    }

    @Test
    void theHeartbeatFreesAnExpiredTaskWithoutWaitingForTheNextCreation() throws InterruptedException {
        String taskId = tasks.start(
                        JSON.createObjectNode().put("name", "quick"), RequestOrigin.of(Principal.of("alice")))
                .path("taskId")
                .asText();
        assertThat(store.holds(taskId)).isTrue();

        clock.advance(TTL.minusSeconds(1));
        await("a task not yet expired is kept through several heartbeats")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(30))
                .until(() -> store.holds(taskId));

        clock.advance(Duration.ofSeconds(1));
        await("the expired task was freed by the heartbeat")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !store.holds(taskId));
    }

    /** A clock the test moves; read by the heartbeat's thread. */
    private static final class SettableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-07-28T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
