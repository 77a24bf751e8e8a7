package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Changes stored on another instance reach the listeners here, and a store that is down is one warning, not many. */
class TaskChangesTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(TaskChanges.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final FeedOfAnotherInstance feed = new FeedOfAnotherInstance();
    private final SwitchableStore store = new SwitchableStore();
    private final List<TaskRecord> told = new CopyOnWriteArrayList<>();
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
    void whileTheStoreIsDownOnlyTheFirstChangeFromElsewhereIsAWarningUntilOneIsReadAgain() {
        try (TaskChanges changes = new TaskChanges(store, Clock.systemUTC(), Optional.of(feed))) {
            changes.listen((record, seen) -> told.add(record));

            store.down = true;
            feed.changedElsewhere("task-1");
            feed.changedElsewhere("task-2");
            feed.changedElsewhere("task-3");
            store.down = false;
            store.create(working("task-4"), 10, 10, Instant.now());
            feed.changedElsewhere("task-4");
            store.down = true;
            feed.changedElsewhere("task-5");
        }

        assertThat(appender.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("its listeners here see the change when they poll"));
        assertThat(appender.list)
                .filteredOn(event -> event.getLevel() == Level.DEBUG)
                .hasSize(2);
        assertThat(told).extracting(TaskRecord::taskId).containsExactly("task-4");
    }

    private static TaskRecord working(String taskId) {
        Instant now = Instant.now();
        return TaskRecord.working(
                taskId, "alice", "echo", now, now.plusSeconds(3600), now.plusSeconds(60), "{\"name\":\"echo\"}", null);
    }

    /** A task store that can be switched off, as Redis behind an open breaker. */
    private static final class SwitchableStore implements TaskStore {

        private final InMemoryTaskStore tasks = new InMemoryTaskStore();
        volatile boolean down;

        private void reachable() {
            if (down) {
                throw new DependencyUnavailableException("redis", "redis task_read failed: circuit breaker open");
            }
        }

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            reachable();
            tasks.create(record, maxKept, maxActive, now);
        }

        @Override
        public boolean remove(TaskRecord current) {
            reachable();
            return tasks.remove(current);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            reachable();
            return tasks.find(taskId, now);
        }

        @Override
        public boolean replace(TaskRecord current, TaskRecord next) {
            reachable();
            return tasks.replace(current, next);
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            reachable();
            return tasks.owned(owner, now);
        }
    }

    /** The shared feed as another instance writes to it: each change is handed to the listener at once. */
    private static final class FeedOfAnotherInstance implements TaskChangeFeed {

        private volatile Consumer<Change> listener;

        void changedElsewhere(String taskId) {
            listener.accept(new Change("another-instance", "alice", taskId));
        }

        @Override
        public void publish(Change change) {}

        @Override
        public AutoCloseable listen(Consumer<Change> changed) {
            listener = changed;
            return () -> listener = null;
        }
    }
}
