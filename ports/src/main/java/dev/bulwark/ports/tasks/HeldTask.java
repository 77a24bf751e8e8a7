package dev.bulwark.ports.tasks;

import java.util.Objects;

/**
 * A queued task one runner holds: taken from the {@link TaskQueue}, not done yet. Immutable.
 *
 * @param entryId the queue's id of the entry, opaque to the runner; {@link TaskQueue#renew} and
 *     {@link TaskQueue#done} name the entry by it
 * @param task the task
 * @param takenOver whether the runner took it over from another runner that stopped renewing it (that runner may have
 *     started its call), rather than taking it fresh from the queue
 */
public record HeldTask(String entryId, QueuedTask task, boolean takenOver) {

    public HeldTask {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(task, "task");
    }
}
