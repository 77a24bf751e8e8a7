package dev.bulwark.core.internal.business.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TaskRunQueueTest {

    /** The runs started, in order, by task id; each ends when its future is completed. */
    private final Map<String, CompletableFuture<Boolean>> started = new LinkedHashMap<>();

    private final Map<String, CompletableFuture<Void>> cancels = new LinkedHashMap<>();

    private TaskRunQueue queue(int limit, int perCaller, int inAll) {
        return new TaskRunQueue(tool -> limit, perCaller, inAll);
    }

    private void submit(TaskRunQueue queue, String owner, String taskId) {
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        cancels.put(taskId, cancelled);
        queue.reserve("slow", owner).submit(taskId, cancelled, () -> {
            CompletableFuture<Boolean> run = new CompletableFuture<>();
            started.put(taskId, run);
            return run;
        });
    }

    private List<String> startedIds() {
        return new ArrayList<>(started.keySet());
    }

    @Test
    void startsWithinTheLimitAndTheRestWaitUntilASlotFrees() {
        TaskRunQueue queue = queue(2, 10, 100);

        submit(queue, "alice", "a1");
        submit(queue, "alice", "a2");
        submit(queue, "alice", "a3");

        assertThat(startedIds()).containsExactly("a1", "a2");
        assertThat(queue.isWaiting("a3")).isTrue();
        started.get("a1").complete(true);
        assertThat(startedIds()).containsExactly("a1", "a2", "a3");
        assertThat(queue.isWaiting("a3")).isFalse();
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void givesAFreedSlotToTheWaitingCallerRunningFewestSoABurstDoesNotStarveOthers() {
        TaskRunQueue queue = queue(2, 10, 100);
        submit(queue, "alice", "a1");
        submit(queue, "alice", "a2");
        for (int i = 3; i <= 6; i++) {
            submit(queue, "alice", "a" + i);
        }
        submit(queue, "bob", "b1");
        submit(queue, "carol", "c1");
        submit(queue, "bob", "b2");

        started.get("a1").complete(true); // alice runs 1, bob and carol none: bob, the first of them in line
        started.get("a2").complete(true); // alice none, bob 1, carol none: alice, in line before carol
        assertThat(startedIds()).containsExactly("a1", "a2", "b1", "a3");
        started.get("b1").complete(true); // alice 1, bob none, carol none: carol, in line before bob now
        started.get("c1").complete(true); // alice 1, bob none: bob, though alice has three more waiting
        assertThat(startedIds()).containsExactly("a1", "a2", "b1", "a3", "c1", "b2");
        assertThat(queue.waiting()).isEqualTo(3);
    }

    @Test
    void refusesANewTaskBeyondTheCallersBoundAndBeyondTheBoundInAll() {
        TaskRunQueue queue = queue(1, 2, 3);
        submit(queue, "alice", "a1"); // runs
        submit(queue, "alice", "a2");
        submit(queue, "alice", "a3");

        assertThatThrownBy(() -> queue.reserve("slow", "alice"))
                .isInstanceOf(TaskRunQueue.Full.class)
                .hasMessageContaining("tasks.max-queued-per-caller")
                .hasMessageContaining("'slow' runs 1 tasks at once");
        submit(queue, "bob", "b1");
        assertThatThrownBy(() -> queue.reserve("slow", "carol"))
                .isInstanceOf(TaskRunQueue.Full.class)
                .hasMessageContaining("tasks.max-queued)");

        started.get("a1").complete(true);
        queue.reserve("slow", "carol").giveBack(); // a place freed: carol may wait now
    }

    @Test
    void aGivenBackPlaceCountsNoMore() {
        TaskRunQueue queue = queue(1, 1, 1);
        queue.reserve("slow", "alice").giveBack(); // a slot, given back
        submit(queue, "alice", "a1");
        TaskRunQueue.Place waiting = queue.reserve("slow", "alice");
        assertThatThrownBy(() -> queue.reserve("slow", "bob")).isInstanceOf(TaskRunQueue.Full.class);

        waiting.giveBack();

        submit(queue, "bob", "b1");
        assertThat(queue.isWaiting("b1")).isTrue();
        assertThatThrownBy(waiting::giveBack).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCancelledWaitingTaskLeavesTheLineAndNeverStarts() {
        TaskRunQueue queue = queue(1, 10, 100);
        submit(queue, "alice", "a1");
        submit(queue, "alice", "a2");
        submit(queue, "alice", "a3");

        cancels.get("a2").complete(null);
        started.get("a1").complete(true);

        assertThat(startedIds()).containsExactly("a1", "a3");
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aRunRefusedAsBusyWaitsAgainAtTheHeadOfItsLineUntilARetry() {
        TaskRunQueue queue = queue(1, 10, 100);
        submit(queue, "alice", "a1");
        submit(queue, "alice", "a2");
        CompletableFuture<Boolean> firstTry = started.remove("a1");

        firstTry.complete(false); // the pipeline answered busy: the slot was taken by a call that is no task

        assertThat(queue.isWaiting("a1")).isTrue();
        assertThat(started).isEmpty(); // no retry until asked: a refused run does not spin
        queue.retryWaiting();
        assertThat(startedIds()).containsExactly("a1");
        started.get("a1").complete(true);
        assertThat(startedIds()).containsExactly("a1", "a2");
    }

    @Test
    void runsThatEndAtOnceDoNotNestTheirStarts() {
        TaskRunQueue queue = new TaskRunQueue(tool -> 1, 100_000, 100_000);
        CompletableFuture<Void> never = new CompletableFuture<>();
        CompletableFuture<Boolean> first = new CompletableFuture<>();
        queue.reserve("slow", "alice").submit("first", never, () -> first);
        int[] ran = new int[1];
        for (int i = 0; i < 20_000; i++) {
            queue.reserve("slow", "alice").submit("t" + i, never, () -> {
                ran[0]++;
                return CompletableFuture.completedFuture(true);
            });
        }

        first.complete(true); // 20,000 runs that end as they start: one loop, not 20,000 frames deep

        assertThat(ran[0]).isEqualTo(20_000);
        assertThat(queue.waiting()).isZero();
    }

    @Test
    void aRunThatThrowsFreesItsSlot() {
        TaskRunQueue queue = queue(1, 10, 100);
        queue.reserve("slow", "alice").submit("boom", new CompletableFuture<>(), () -> {
            throw new IllegalStateException("boom");
        });
        submit(queue, "alice", "a1");

        assertThat(startedIds()).containsExactly("a1");
    }
}
