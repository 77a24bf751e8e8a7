package dev.bulwark.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TaskStore} must have; extend it once per implementation. Times are passed to the store,
 * starting from the present (a store may also let its entries expire in real time, so none here lies in the past).
 */
public abstract class TaskStoreContract {

    private static final int NO_BOUND = 1000;

    protected TaskStore store;

    /** A time near the present, whole milliseconds (a store may keep no finer time). */
    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract TaskStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    private static String owner() {
        return "owner-" + UUID.randomUUID();
    }

    private TaskRecord working(String owner) {
        return TaskRecord.working(
                UUID.randomUUID().toString(),
                owner,
                "slow",
                now,
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofSeconds(30)),
                "{\"name\":\"slow\",\"arguments\":{\"n\":1}}",
                null);
    }

    @Test
    void findsWhatItCreatedFieldByField() {
        TaskRecord task = TaskRecord.working(
                UUID.randomUUID().toString(),
                owner(),
                "ünïcode",
                now,
                now.plus(Duration.ofHours(1)),
                now.plusSeconds(30),
                "{\"name\":\"ünïcode\"}",
                "{\"k\":{\"action\":\"accept\"}}");
        store.create(task, NO_BOUND, NO_BOUND, now);

        assertThat(store.find(task.taskId(), now)).contains(task);
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(store.find("no-such-task-" + UUID.randomUUID(), now)).isEmpty();
    }

    @Test
    void refusesASecondTaskWithTheSameId() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);

        assertThatThrownBy(() -> store.create(task, NO_BOUND, NO_BOUND, now)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replacesTheCurrentVersionAndKeepsEveryField() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord done =
                task.next(TaskStatus.COMPLETED, now.plusSeconds(2), null, null, "{\"a\":{}}", "{\"content\":[]}", null);

        assertThat(store.replace(task, done)).isTrue();
        assertThat(store.find(task.taskId(), now.plusSeconds(3))).contains(done);
    }

    @Test
    void keepsWhetherARunWaitsForItsClientThroughItsHeartbeat() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord waiting = task.awaitingClient(now.plusSeconds(1), true);
        store.replace(task, waiting);
        TaskRecord renewed = waiting.renewed(now.plusSeconds(2), now.plusSeconds(60));
        store.replace(waiting, renewed);

        assertThat(store.find(task.taskId(), now.plusSeconds(3)).orElseThrow().awaitingClient())
                .isTrue();

        TaskRecord answered = renewed.awaitingClient(now.plusSeconds(4), false);
        store.replace(renewed, answered);

        assertThat(store.find(task.taskId(), now.plusSeconds(5))).contains(answered);
    }

    @Test
    void keepsTheMarkOfTheRunThatStartedATaskThroughItsHeartbeatUntilItsNextRun() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord started = task.started(now.plusSeconds(1), "runner-a");

        assertThat(store.replaceDurably(task, started)).isTrue();
        TaskRecord renewed = started.renewed(now.plusSeconds(2), now.plusSeconds(60));
        store.replace(started, renewed);
        assertThat(store.find(task.taskId(), now.plusSeconds(3))).contains(renewed);
        assertThat(renewed.startedBy()).isEqualTo("runner-a");

        TaskRecord asking =
                renewed.next(TaskStatus.INPUT_REQUIRED, now.plusSeconds(4), null, "{\"q\":{}}", null, null, null);
        store.replace(renewed, asking);
        assertThat(store.find(task.taskId(), now.plusSeconds(5)).orElseThrow().startedBy())
                .as("the run with the answers is a new run")
                .isNull();
    }

    @Test
    void replacesDurablyOnlyTheCurrentVersion() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord cancelled = task.next(TaskStatus.CANCELLED, now.plusSeconds(1), null, null, null, null, null);
        store.replace(task, cancelled);

        assertThat(store.replaceDurably(task, task.started(now.plusSeconds(2), "runner-a")))
                .isFalse();
        assertThat(store.find(task.taskId(), now.plusSeconds(3))).contains(cancelled);
    }

    @Test
    void refusesToReplaceAVersionThatChangedMeanwhile() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord cancelled = task.next(TaskStatus.CANCELLED, now.plusSeconds(1), null, null, null, null, null);
        store.replace(task, cancelled);
        TaskRecord completedLate =
                task.next(TaskStatus.COMPLETED, now.plusSeconds(2), null, null, null, "{\"content\":[]}", null);

        assertThat(store.replace(task, completedLate)).isFalse();
        assertThat(store.find(task.taskId(), now.plusSeconds(3)).orElseThrow().status())
                .isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void refusesToReplaceATaskItDoesNotHold() {
        TaskRecord task = working(owner());

        assertThat(store.replace(task, task.renewed(now, now.plusSeconds(60)))).isFalse();
        assertThat(store.find(task.taskId(), now)).isEmpty();
    }

    @Test
    void removesATaskSoThatItNoLongerCountsTowardItsOwnersBounds() {
        String owner = owner();
        TaskRecord task = working(owner);
        store.create(task, 1, 1, now);

        assertThat(store.remove(task)).isTrue();

        assertThat(store.find(task.taskId(), now)).isEmpty();
        assertThat(store.owned(owner, now)).isEmpty();
        TaskRecord next = working(owner);
        store.create(next, 1, 1, now); // neither bound counts the removed task
        assertThat(store.owned(owner, now)).containsExactly(next);
    }

    @Test
    void removesNoVersionThatChangedMeanwhileNorATaskItDoesNotHold() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord cancelled = task.next(TaskStatus.CANCELLED, now.plusSeconds(1), null, null, null, null, null);
        store.replace(task, cancelled);

        assertThat(store.remove(task)).isFalse();
        assertThat(store.find(task.taskId(), now.plusSeconds(2))).contains(cancelled);
        assertThat(store.remove(working(owner()))).isFalse();
    }

    @Test
    void forgetsATaskOnceItExpires() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);

        assertThat(store.find(task.taskId(), task.expiresAt().minusMillis(1))).isPresent();
        assertThat(store.find(task.taskId(), task.expiresAt())).isEmpty();
    }

    @Test
    void boundsTheTasksAnOwnerKeeps() {
        String owner = owner();
        for (int i = 0; i < 3; i++) {
            TaskRecord task = working(owner);
            store.create(task, 3, NO_BOUND, now);
            store.replace(task, task.next(TaskStatus.COMPLETED, now, null, null, null, "{}", null));
        }

        assertThatThrownBy(() -> store.create(working(owner), 3, NO_BOUND, now))
                .isInstanceOfSatisfying(TaskStoreFullException.class, full -> {
                    assertThat(full.bound()).isEqualTo(TaskStoreFullException.Bound.KEPT);
                    assertThat(full.limit()).isEqualTo(3);
                });
        store.create(working(owner()), 3, NO_BOUND, now); // another owner is not bound by this one's tasks
    }

    @Test
    void boundsTheTasksAnOwnerHasActive() {
        String owner = owner();
        TaskRecord first = working(owner);
        store.create(first, NO_BOUND, 2, now);
        store.create(working(owner), NO_BOUND, 2, now);

        assertThatThrownBy(() -> store.create(working(owner), NO_BOUND, 2, now))
                .isInstanceOfSatisfying(
                        TaskStoreFullException.class,
                        full -> assertThat(full.bound()).isEqualTo(TaskStoreFullException.Bound.ACTIVE));

        store.replace(first, first.next(TaskStatus.CANCELLED, now, null, null, null, null, null));
        store.create(working(owner), NO_BOUND, 2, now); // an ended task no longer counts
    }

    @Test
    void countsAWorkingTaskWhoseLeaseRanOutAsNoLongerActive() {
        String owner = owner();
        TaskRecord lost = working(owner);
        store.create(lost, NO_BOUND, 1, now);

        assertThatThrownBy(() -> store.create(working(owner), NO_BOUND, 1, now))
                .isInstanceOf(TaskStoreFullException.class);
        store.create(working(owner), NO_BOUND, 1, lost.leaseExpiresAt());
    }

    @Test
    void countsATaskWaitingForInputAsActive() {
        String owner = owner();
        TaskRecord task = working(owner);
        store.create(task, NO_BOUND, 1, now);
        store.replace(task, task.next(TaskStatus.INPUT_REQUIRED, now, null, "{\"q\":{}}", null, null, null));

        assertThatThrownBy(() -> store.create(working(owner), NO_BOUND, 1, now.plus(Duration.ofMinutes(5))))
                .isInstanceOf(TaskStoreFullException.class);
    }

    @Test
    void keepsARenewedLease() {
        TaskRecord task = working(owner());
        store.create(task, NO_BOUND, NO_BOUND, now);
        TaskRecord renewed = task.renewed(now.plusSeconds(10), now.plusSeconds(40));

        assertThat(store.replace(task, renewed)).isTrue();
        assertThat(store.find(task.taskId(), now.plusSeconds(11)).orElseThrow().leaseExpiresAt())
                .isEqualTo(now.plusSeconds(40));
    }

    @Test
    void listsAnOwnersUnexpiredTasksOldestFirstAndNoOneElses() {
        String owner = owner();
        TaskRecord first = working(owner);
        TaskRecord second = TaskRecord.working(
                UUID.randomUUID().toString(),
                owner,
                "",
                now.plusSeconds(1),
                now.plus(Duration.ofHours(1)).plusSeconds(1),
                now.plusSeconds(31),
                "{}",
                null);
        store.create(second, NO_BOUND, NO_BOUND, now.plusSeconds(1));
        store.create(first, NO_BOUND, NO_BOUND, now.plusSeconds(1));
        store.create(working(owner()), NO_BOUND, NO_BOUND, now.plusSeconds(1));

        assertThat(store.owned(owner, now.plusSeconds(2))).containsExactly(first, second);
        assertThat(store.owned(owner, first.expiresAt())).containsExactly(second);
        assertThat(store.owned(owner(), now)).isEmpty();
    }
}
