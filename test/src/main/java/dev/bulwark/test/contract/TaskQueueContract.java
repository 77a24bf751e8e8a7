package dev.bulwark.test.contract;

import static dev.bulwark.ports.tasks.TaskQueue.Bounds.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskQueueFullException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TaskQueue} must have; extend it once per implementation. Each test starts from an empty
 * queue. No test waits for time to pass: an entry is taken over after an idle time of zero, and is not after an hour.
 */
public abstract class TaskQueueContract {

    private static final Duration AN_HOUR = Duration.ofHours(1);

    protected TaskQueue queue;

    /** A new, empty queue. */
    protected abstract TaskQueue createQueue();

    @BeforeEach
    void setUpQueue() {
        queue = createQueue();
    }

    private static QueuedTask task(String id) {
        return new QueuedTask(id, "owner-of-" + id, Set.of("tools:read"), "slow");
    }

    private static List<String> ids(List<HeldTask> held) {
        return held.stream().map(task -> task.task().taskId()).toList();
    }

    @Test
    void givesEachOfferedTaskToOneRunnerOldestFirst() {
        queue.offer(task("t1"), NONE);
        queue.offer(task("t2"), NONE);
        queue.offer(task("t3"), NONE);

        assertThat(ids(queue.take("runner-a", 2))).containsExactly("t1", "t2");
        assertThat(ids(queue.take("runner-b", 5))).containsExactly("t3");
        assertThat(queue.take("runner-a", 5)).isEmpty();
        assertThat(queue.take("runner-b", 5)).isEmpty();
    }

    @Test
    void theOwnersTakeTurnsSoThatABurstOfOneDoesNotKeepAnotherWaitingBehindAllOfIt() {
        for (int i = 1; i <= 4; i++) {
            queue.offer(new QueuedTask("a" + i, "alice", Set.of(), "slow"), NONE);
        }
        queue.offer(new QueuedTask("b1", "bob", Set.of(), "slow"), NONE);
        queue.offer(new QueuedTask("b2", "bob", Set.of(), "slow"), NONE);

        assertThat(ids(queue.take("runner-a", 1))).containsExactly("a1");
        assertThat(ids(queue.take("runner-b", 1))).containsExactly("b1");
        assertThat(ids(queue.take("runner-a", 1))).containsExactly("a2");
        assertThat(ids(queue.offerAndTake(new QueuedTask("c1", "carol", Set.of(), "slow"), NONE, "runner-c")))
                .as("carol's turn comes after bob's, who waits longer")
                .containsExactly("b2");
        assertThat(ids(queue.take("runner-b", 10)))
                .as("alice's turn came before carol offered; then one each per round, then the rest")
                .containsExactly("a3", "c1", "a4");
    }

    @Test
    void anOwnerWhoseEntriesAreAllDoneComesLastWhenItOffersAgain() {
        queue.offer(new QueuedTask("a1", "alice", Set.of(), "slow"), NONE);
        HeldTask a1 = queue.take("runner-a", 1).get(0);
        queue.offer(new QueuedTask("b1", "bob", Set.of(), "slow"), NONE);
        queue.done("runner-a", a1);

        queue.offer(new QueuedTask("a2", "alice", Set.of(), "slow"), NONE);

        assertThat(ids(queue.take("runner-a", 10))).containsExactly("b1", "a2");
    }

    @Test
    void carriesTheTaskFieldByFieldAndMarksAFreshTakeAsNotTakenOver() {
        QueuedTask task = new QueuedTask(
                "t-ünï",
                "owner ünï:1",
                Set.of("tools:read", "users:write"),
                "tool.name-1",
                Optional.of("req-ünï 1"),
                Map.of(
                        "traceparent",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        "tracestate",
                        "congo=t61rcWkgMzE"));
        queue.offer(task, NONE);

        HeldTask held = queue.take("runner-a", 1).get(0);

        assertThat(held.task()).isEqualTo(task);
        assertThat(held.takenOver()).isFalse();
        assertThat(held.entryId()).isNotBlank();
        queue.done("runner-a", held);
        assertThat(queue.offerAndTake(task, NONE, "runner-a").get(0).task()).isEqualTo(task);
    }

    @Test
    void offersAndTakesInOneStepTheOldestEntryNoRunnerTook() {
        List<HeldTask> own = queue.offerAndTake(task("t1"), NONE, "runner-a");
        assertThat(ids(own)).containsExactly("t1");
        assertThat(own.get(0).takenOver()).isFalse();
        assertThat(queue.take("runner-b", 10)).isEmpty();

        queue.offer(task("t2"), NONE);
        assertThat(ids(queue.offerAndTake(task("t3"), NONE, "runner-a")))
                .as("the older first")
                .containsExactly("t2");
        assertThat(ids(queue.take("runner-b", 10))).containsExactly("t3");
        assertThat(ids(queue.takeOver("runner-c", Duration.ZERO, 10))).containsExactly("t1", "t2", "t3");
    }

    @Test
    void carriesATaskWithoutScopesRequestIdOrTraceContext() {
        queue.offer(new QueuedTask("t1", "anonymous", Set.of(), "slow"), NONE);

        QueuedTask taken = queue.take("runner-a", 1).get(0).task();
        assertThat(taken.scopes()).isEmpty();
        assertThat(taken.requestId()).isEmpty();
        assertThat(taken.traceContext()).isEmpty();
    }

    @Test
    void takesOverNoEntryWhoseHolderRenewedItWithinTheIdleTime() {
        queue.offer(task("t1"), NONE);
        List<HeldTask> held = queue.take("runner-a", 1);

        assertThat(queue.takeOver("runner-b", AN_HOUR, 10)).isEmpty();
        assertThat(ids(queue.renew("runner-a", held))).containsExactly("t1");
        assertThat(queue.takeOver("runner-b", AN_HOUR, 10)).isEmpty();
    }

    @Test
    void takesOverAnEntryIdleForTheGivenTimeOnceAndItsFormerHolderLosesIt() {
        queue.offer(task("t1"), NONE);
        List<HeldTask> held = queue.take("runner-a", 1);

        List<HeldTask> taken = queue.takeOver("runner-b", Duration.ZERO, 10);

        assertThat(ids(taken)).containsExactly("t1");
        assertThat(taken.get(0).takenOver()).isTrue();
        assertThat(taken.get(0).entryId()).isEqualTo(held.get(0).entryId());
        assertThat(queue.renew("runner-a", held))
                .as("the former holder's renewal")
                .isEmpty();
        assertThat(ids(queue.renew("runner-b", taken))).containsExactly("t1");
        assertThat(queue.take("runner-a", 10))
                .as("a taken-over entry is not offered afresh")
                .isEmpty();
    }

    @Test
    void takesOverNoEntryThatNoRunnerTookYet() {
        queue.offer(task("t1"), NONE);

        assertThat(queue.takeOver("runner-b", Duration.ZERO, 10)).isEmpty();
        assertThat(ids(queue.take("runner-a", 10))).containsExactly("t1");
    }

    @Test
    void takesOverAtMostTheGivenNumberOldestFirst() {
        for (int i = 1; i <= 3; i++) {
            queue.offer(task("t" + i), NONE);
        }
        queue.take("runner-a", 3);

        assertThat(ids(queue.takeOver("runner-b", Duration.ZERO, 2))).containsExactly("t1", "t2");
        assertThat(ids(queue.takeOver("runner-c", AN_HOUR, 2))).isEmpty();
    }

    @Test
    void refusesAnOfferBeyondTheUntakenEntriesOfItsOwnerAndAddsNothing() {
        TaskQueue.Bounds twoEach = new TaskQueue.Bounds(2, 100);
        queue.offer(new QueuedTask("a1", "alice", Set.of(), "slow"), twoEach);
        queue.offer(new QueuedTask("a2", "alice", Set.of(), "slow"), twoEach);

        assertThatThrownBy(() -> queue.offer(new QueuedTask("a3", "alice", Set.of(), "slow"), twoEach))
                .isInstanceOfSatisfying(TaskQueueFullException.class, full -> {
                    assertThat(full.bound()).isEqualTo(TaskQueueFullException.Bound.OWNER);
                    assertThat(full.limit()).isEqualTo(2);
                });
        assertThatThrownBy(() -> queue.offerAndTake(new QueuedTask("a4", "alice", Set.of(), "slow"), twoEach, "r"))
                .isInstanceOf(TaskQueueFullException.class);
        queue.offer(new QueuedTask("b1", "bob", Set.of(), "slow"), twoEach); // another owner's entries are its own

        assertThat(ids(queue.take("runner-a", 10))).containsExactlyInAnyOrder("a1", "a2", "b1");
    }

    @Test
    void refusesAnOfferBeyondTheUntakenEntriesOfEveryOwner() {
        TaskQueue.Bounds twoInAll = new TaskQueue.Bounds(100, 2);
        queue.offer(task("t1"), twoInAll);
        queue.offer(task("t2"), twoInAll);

        assertThatThrownBy(() -> queue.offer(task("t3"), twoInAll))
                .isInstanceOfSatisfying(TaskQueueFullException.class, full -> {
                    assertThat(full.bound()).isEqualTo(TaskQueueFullException.Bound.ALL);
                    assertThat(full.limit()).isEqualTo(2);
                });
        assertThat(ids(queue.take("runner-a", 10))).containsExactly("t1", "t2");
    }

    @Test
    void countsOnlyTheEntriesNoRunnerHoldsTowardTheBounds() {
        TaskQueue.Bounds one = new TaskQueue.Bounds(1, 1);
        queue.offer(task("t1"), one);
        HeldTask held = queue.take("runner-a", 1).get(0);

        queue.offer(task("t2"), one); // t1 is held: it no longer waits
        assertThatThrownBy(() -> queue.offer(task("t3"), one)).isInstanceOf(TaskQueueFullException.class);

        queue.done("runner-b", queue.take("runner-b", 1).get(0));
        queue.release("runner-a", held); // handed back: it waits again
        assertThatThrownBy(() -> queue.offer(task("t4"), one)).isInstanceOf(TaskQueueFullException.class);
        queue.done("runner-b", queue.take("runner-b", 1).get(0));
        queue.offer(task("t5"), one);
        assertThat(ids(queue.take("runner-c", 10))).containsExactly("t5");
    }

    @Test
    void forgetsAnEntryItsHolderMarksDone() {
        queue.offer(task("t1"), NONE);
        queue.offer(task("t2"), NONE);
        List<HeldTask> held = queue.take("runner-a", 2);

        assertThat(queue.done("runner-a", held.get(0))).isTrue();
        assertThat(queue.done("runner-a", held.get(0)))
                .as("done twice: nothing more")
                .isFalse();

        assertThat(ids(queue.takeOver("runner-b", Duration.ZERO, 10))).containsExactly("t2");
        assertThat(queue.renew("runner-a", held)).isEmpty();
        assertThat(queue.take("runner-c", 10)).isEmpty();
    }

    @Test
    void aRunnerWhoseEntryWasTakenOverCannotMarkItDoneForItsNewHolder() {
        queue.offer(task("t1"), NONE);
        HeldTask held = queue.take("runner-a", 1).get(0);
        List<HeldTask> taken = queue.takeOver("runner-b", Duration.ZERO, 1);

        assertThat(queue.done("runner-a", held)).as("the former holder's done").isFalse();

        assertThat(ids(queue.renew("runner-b", taken)))
                .as("still held by the runner that took it over")
                .containsExactly("t1");
        assertThat(queue.done("runner-b", taken.get(0))).isTrue();
        assertThat(queue.takeOver("runner-c", Duration.ZERO, 10)).isEmpty();
        assertThat(queue.take("runner-c", 10)).isEmpty();
    }

    @Test
    void noRunnerMarksDoneAnEntryItDoesNotHold() {
        queue.offer(task("t1"), NONE);
        queue.offer(task("t2"), NONE);
        HeldTask held = queue.take("runner-a", 1).get(0);

        assertThat(queue.done("runner-b", held)).as("another runner's entry").isFalse();
        assertThat(queue.done("runner-a", new HeldTask("0-1", held.task(), false)))
                .as("no such entry")
                .isFalse();
        queue.release("runner-a", held);
        assertThat(queue.done("runner-a", held)).as("an entry handed back").isFalse();

        assertThat(ids(queue.take("runner-c", 10))).containsExactlyInAnyOrder("t1", "t2");
    }

    @Test
    void anEntryHandedBackIsTakenAfreshByAnotherRunnerAtOnce() {
        queue.offer(task("t1"), NONE);
        HeldTask held = queue.take("runner-a", 1).get(0);

        queue.release("runner-a", held);

        List<HeldTask> taken = queue.take("runner-b", 10);
        assertThat(ids(taken)).containsExactly("t1");
        assertThat(taken.get(0).task()).isEqualTo(held.task());
        assertThat(taken.get(0).takenOver()).isFalse();
        assertThat(queue.renew("runner-a", List.of(held)))
                .as("its former holder's hold")
                .isEmpty();
        assertThat(queue.takeOver("runner-c", AN_HOUR, 10)).isEmpty();
    }

    @Test
    void anEntryIsHandedBackOnlyByTheRunnerThatHoldsIt() {
        queue.offer(task("t1"), NONE);
        HeldTask held = queue.take("runner-a", 1).get(0);
        List<HeldTask> taken = queue.takeOver("runner-b", Duration.ZERO, 1);

        queue.release("runner-a", held); // taken over meanwhile: nothing
        queue.release("runner-a", new HeldTask("0-1", held.task(), false)); // no such entry: nothing

        assertThat(queue.take("runner-c", 10)).isEmpty();
        assertThat(ids(queue.renew("runner-b", taken))).containsExactly("t1");
    }
}
