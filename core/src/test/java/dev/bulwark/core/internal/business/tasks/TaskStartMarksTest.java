package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A task whose start cannot be stored waits, with one warning however often it is tried. */
class TaskStartMarksTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(TaskStartMarks.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final MarksFailingStore store = new MarksFailingStore();
    private final TaskStartMarks marks = new TaskStartMarks(store, Clock.systemUTC(), "runner-a");
    private Level previousLevel;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    @Test
    void aTaskTriedAgainAndAgainWhileItsMarkCannotBeStoredIsOneWarningUntilItIsMarked() {
        TaskRecord task = working("task-1");
        store.create(task, 10, 10, Instant.now());

        store.failing = true;
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.WAIT);
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.WAIT);
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.WAIT);
        store.failing = false;
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.RUN);

        assertThat(levels()).containsExactly(Level.WARN, Level.DEBUG, Level.DEBUG);
        assertThat(appender.list.get(0).getFormattedMessage())
                .contains("Task task-1 does not start yet")
                .contains("tried again while this runner holds it");
    }

    @Test
    void eachWaitingTaskHasItsOwnWarning() {
        TaskRecord first = working("task-1");
        TaskRecord second = working("task-2");
        store.create(first, 10, 10, Instant.now());
        store.create(second, 10, 10, Instant.now());
        store.failing = true;

        marks.mark(first, true);
        marks.mark(second, true);
        marks.mark(first, true);

        assertThat(levels()).containsExactly(Level.WARN, Level.WARN, Level.DEBUG);
    }

    private List<Level> levels() {
        return appender.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    private static TaskRecord working(String taskId) {
        Instant now = Instant.now();
        return TaskRecord.working(
                taskId, "alice", "echo", now, now.plusSeconds(3600), now.plusSeconds(60), "{\"name\":\"echo\"}", null);
    }

    /** A store whose durable writes fail while {@code failing}, as a Sentinel set with no replica to acknowledge. */
    private static final class MarksFailingStore implements TaskStore {

        private final InMemoryTaskStore tasks = new InMemoryTaskStore();
        volatile boolean failing;

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            tasks.create(record, maxKept, maxActive, now);
        }

        @Override
        public boolean remove(TaskRecord current) {
            return tasks.remove(current);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            return tasks.find(taskId, now);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            return tasks.replace(current, next);
        }

        @Override
        public boolean replaceDurably(TaskRecord current, TaskRecord next) {
            if (failing) {
                throw new DependencyUnavailableException("redis", "redis task_write failed: no replica acknowledged");
            }
            return tasks.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            return tasks.owned(owner, now);
        }
    }
}
