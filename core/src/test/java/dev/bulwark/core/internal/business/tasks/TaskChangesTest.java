package dev.bulwark.core.internal.business.tasks;

import static dev.bulwark.core.internal.business.tasks.SwitchableTaskStore.working;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changes stored on another instance reach the listeners here, and a store that is down is one warning, not many. */
class TaskChangesTest {

    private final LoggedLines logged = new LoggedLines(TaskChanges.class);
    private final FeedOfAnotherInstance feed = new FeedOfAnotherInstance();
    private final SwitchableTaskStore store = new SwitchableTaskStore();
    private final ManualTicker ticker = new ManualTicker();
    private final List<TaskRecord> told = new CopyOnWriteArrayList<>();

    @AfterEach
    void release() {
        logged.close();
    }

    @Test
    void whileTheStoreIsDownTheChangesFromElsewhereAreOneWarningPerInterval() {
        try (TaskChanges changes = new TaskChanges(store, Clock.systemUTC(), Optional.of(feed), ticker)) {
            changes.listen((record, seen) -> told.add(record));

            store.down = true;
            feed.changedElsewhere("task-1");
            feed.changedElsewhere("task-2");
            feed.changedElsewhere("task-3");
            store.down = false;
            store.create(working("task-4"), 10, 10, Instant.now());
            feed.changedElsewhere("task-4");
            store.down = true;
            ticker.advance(ThrottledWarning.DEFAULT_INTERVAL);
            feed.changedElsewhere("task-5");
        }

        assertThat(logged.at(Level.WARN))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("their listeners here see the changes when they poll"));
        assertThat(logged.at(Level.WARN).get(1)).contains("(2 more since the last warning)");
        assertThat(logged.at(Level.DEBUG)).hasSize(4);
        assertThat(told).extracting(TaskRecord::taskId).containsExactly("task-4");
    }

    @Test
    void aChangeFromElsewhereThatNoListenerWantsIsNotRead() {
        try (TaskChanges changes = new TaskChanges(store, Clock.systemUTC(), Optional.of(feed), ticker)) {
            changes.listen(wanting("task-2", record -> told.add(record)));
            store.create(working("task-1"), 10, 10, Instant.now());

            feed.changedElsewhere("task-1");
        }

        assertThat(store.finds).hasValue(0);
        assertThat(told).isEmpty();
    }

    @Test
    void aChangeFromElsewhereIsReadOnceAndToldOnlyToTheListenersThatWantIt() {
        List<TaskRecord> toldOther = new CopyOnWriteArrayList<>();
        try (TaskChanges changes = new TaskChanges(store, Clock.systemUTC(), Optional.of(feed), ticker)) {
            changes.listen(wanting("task-1", record -> told.add(record)));
            changes.listen(wanting("task-1", record -> told.add(record)));
            changes.listen(wanting("task-2", record -> toldOther.add(record)));
            store.create(working("task-1"), 10, 10, Instant.now());

            feed.changedElsewhere("task-1");
        }

        assertThat(store.finds).hasValue(1);
        assertThat(told).extracting(TaskRecord::taskId).containsExactly("task-1", "task-1");
        assertThat(toldOther).isEmpty();
    }

    @Test
    void aChangeStoredHereIsToldToEveryListenerWhateverItWants() {
        try (TaskChanges changes = new TaskChanges(store, Clock.systemUTC(), Optional.empty(), ticker)) {
            changes.listen(wanting("task-2", record -> told.add(record)));

            changes.stored(working("task-1"));
        }

        assertThat(told).extracting(TaskRecord::taskId).containsExactly("task-1");
    }

    /** A listener of alice's task {@code taskId} only, telling {@code told} of it. */
    private static TaskListener wanting(String taskId, Consumer<TaskRecord> told) {
        return new TaskListener() {
            @Override
            public void changed(TaskRecord record, Seen seen) {
                told.accept(record);
            }

            @Override
            public boolean wants(String owner, String wanted) {
                return owner.equals("alice") && wanted.equals(taskId);
            }
        };
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
