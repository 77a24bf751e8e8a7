package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.ports.tasks.HeldTask;
import dev.bulwark.ports.tasks.QueuedTask;
import dev.bulwark.ports.tasks.TaskQueue;
import java.time.Duration;
import java.util.List;

/**
 * A shared queue as an engine that accepts tasks but runs none sees it: its offers reach {@code queue}, and it never
 * takes a task, so another runner takes them all.
 */
record OfferOnlyQueue(TaskQueue queue) implements TaskQueue {

    /** The runner of an engine that runs nothing: a run asked of it is a defect of the test. */
    static final TaskRunner RUNS_NOTHING = (taskId, params, origin, cancelled) -> {
        throw new AssertionError("an engine that only offers ran task " + taskId);
    };

    @Override
    public void offer(QueuedTask task, Bounds bounds) {
        queue.offer(task, bounds);
    }

    @Override
    public List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner) {
        queue.offer(task, bounds);
        return List.of();
    }

    @Override
    public List<HeldTask> take(String runner, int max) {
        return List.of();
    }

    @Override
    public List<HeldTask> takeOver(String runner, Duration idleFor, int max) {
        return List.of();
    }

    @Override
    public List<HeldTask> renew(String runner, List<HeldTask> held) {
        return List.of();
    }

    @Override
    public void release(String runner, HeldTask held) {
        queue.release(runner, held);
    }

    @Override
    public boolean done(String runner, HeldTask held) {
        return queue.done(runner, held);
    }
}
