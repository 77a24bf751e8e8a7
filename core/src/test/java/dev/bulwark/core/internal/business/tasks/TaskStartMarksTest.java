package dev.bulwark.core.internal.business.tasks;

import static dev.bulwark.core.internal.business.tasks.SwitchableTaskStore.working;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.test.fakes.ManualTicker;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task whose start cannot be stored waits, with one warning per interval however often it is tried. */
class TaskStartMarksTest {

    private final LoggedLines logged = new LoggedLines(TaskStartMarks.class);
    private final SwitchableTaskStore store = new SwitchableTaskStore();
    private final ManualTicker ticker = new ManualTicker();
    private final TaskStartMarks marks = new TaskStartMarks(store, Clock.systemUTC(), "runner-a", ticker);

    @AfterEach
    void release() {
        logged.close();
    }

    @Test
    void aTaskTriedAgainAndAgainWhileItsMarkCannotBeStoredIsOneWarningUntilItIsMarked() {
        TaskRecord task = working("task-1");
        store.create(task, 10, 10, Instant.now());

        store.durableWritesFail = true;
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.WAIT);
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.WAIT);
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.WAIT);
        store.durableWritesFail = false;
        assertThat(marks.mark(task, true)).isEqualTo(TaskStartMarks.Mark.RUN);

        assertThat(logged.at(Level.WARN))
                .singleElement()
                .satisfies(line -> assertThat(line).contains("tried again while this runner holds it"));
        assertThat(logged.at(Level.DEBUG))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("task-1"));
    }

    @Test
    void tasksWaitingTogetherShareOneWarningPerInterval() {
        TaskRecord first = working("task-1");
        TaskRecord second = working("task-2");
        store.create(first, 10, 10, Instant.now());
        store.create(second, 10, 10, Instant.now());
        store.durableWritesFail = true;

        marks.mark(first, true);
        marks.mark(second, true);
        marks.mark(first, true);
        ticker.advance(ThrottledWarning.DEFAULT_INTERVAL);
        marks.mark(second, true);

        assertThat(logged.at(Level.WARN)).hasSize(2);
        assertThat(logged.at(Level.WARN).get(1)).contains("(2 more since the last warning)");
    }
}
