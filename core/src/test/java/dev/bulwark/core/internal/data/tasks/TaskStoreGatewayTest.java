package dev.bulwark.core.internal.data.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The task store gateway keeps a task in this instance's memory while the shared store is unavailable. */
class TaskStoreGatewayTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A shared store that is down, or up and keeping its tasks in memory. */
    private static final class SwitchableStore implements TaskStore {
        final InMemoryTaskStore kept = new InMemoryTaskStore();
        volatile boolean down;

        private void check() {
            if (down) {
                throw new DependencyUnavailableException("redis", "redis task_write failed: connection failed");
            }
        }

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            check();
            kept.create(record, maxKept, maxActive, now);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            check();
            return kept.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {
            check();

            return kept.remove(current);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            check();
            return kept.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            check();
            return kept.owned(owner, now);
        }
    }

    private final SwitchableStore shared = new SwitchableStore();
    private final TaskStoreGateway gateway = new TaskStoreGateway(shared, new InMemoryTaskStore(), Ticker.system());

    private static TaskRecord task(String id) {
        return TaskRecord.working(
                id, "alice", "slow", NOW, NOW.plus(Duration.ofHours(1)), NOW.plusSeconds(30), "{}", null);
    }

    @Test
    void aTaskCreatedWhileTheSharedStoreIsDownIsKeptAndChangedHere() {
        gateway.create(task("shared"), 10, 10, NOW);
        shared.down = true;

        gateway.create(task("local"), 10, 10, NOW);

        TaskRecord local = gateway.find("local", NOW).orElseThrow();
        TaskRecord completed = local.next(TaskStatus.COMPLETED, NOW, null, null, null, "{}", null);
        assertThat(gateway.replace(local, completed)).isTrue();
        assertThat(gateway.find("local", NOW)).contains(completed);
        assertThat(gateway.owned("alice", NOW)).extracting(TaskRecord::taskId).containsExactly("local");
        assertThatThrownBy(() -> gateway.find("shared", NOW)).isInstanceOf(DependencyUnavailableException.class);

        shared.down = false;
        assertThat(gateway.owned("alice", NOW))
                .extracting(TaskRecord::taskId)
                .containsExactlyInAnyOrder("local", "shared");
        assertThat(shared.kept.find("local", NOW))
                .as("not moved to the shared store")
                .isEmpty();
    }

    @Test
    void requestsThatFailWhileTheSharedStoreIsDownLeaveOneWarningAnInterval() {
        gateway.create(task("shared"), 10, 10, NOW);
        TaskRecord kept = gateway.find("shared", NOW).orElseThrow();
        shared.down = true;
        Logger logger = (Logger) LoggerFactory.getLogger(TaskStoreGateway.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int i = 0; i < 50; i++) {
                assertThatThrownBy(() -> gateway.find("shared", NOW))
                        .isInstanceOf(DependencyUnavailableException.class);
                assertThatThrownBy(() -> gateway.replace(kept, kept.renewed(NOW, NOW.plusSeconds(60))))
                        .isInstanceOf(DependencyUnavailableException.class);
            }
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .startsWith("Task store unavailable: the tasks kept there cannot be read or changed")
                        .contains("connection failed"));
    }
}
