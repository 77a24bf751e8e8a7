package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.TaskRecord;
import java.util.Optional;

/** What the runner of the shared queue needs of the engine: to read, run and fail the tasks it takes. */
interface TaskHost {

    /** Whether the engine may take a task from the shared queue now: none waits here for a slot. */
    boolean canRunTaken();

    /** The stored task {@code taskId}, whoever owns it. */
    Optional<TaskRecord> stored(String taskId);

    /**
     * Runs here a working task taken from the shared queue, as {@code origin}'s caller.
     *
     * @return false when the task changed meanwhile (it will not run here)
     */
    boolean runTaken(TaskRecord record, RequestOrigin origin);

    /**
     * Takes over a working task marked started by an earlier run: it runs again when {@code tool} may repeat, else it
     * is failed saying its runner stopped. A task taken over without a mark is not judged here: it just runs, since a
     * run calls its tool only once its mark is stored durably.
     *
     * @return whether it may run again
     */
    boolean takeOver(TaskRecord record, String tool);

    /** Whether task {@code taskId} runs on this instance now. */
    boolean runsHere(String taskId);
}
