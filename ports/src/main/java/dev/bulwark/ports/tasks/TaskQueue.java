package dev.bulwark.ports.tasks;

import java.time.Duration;
import java.util.List;

/**
 * The queue of accepted tasks that runners (instances, workers) take from, the owners taking turns; an entry is held
 * by one runner at a time, taken over once unrenewed for a lease, and kept until its holder marks it {@link #done}.
 * A shared queue reports failures as {@link dev.bulwark.ports.DependencyUnavailableException}. Implementations must be
 * thread-safe.
 */
public interface TaskQueue {

    /**
     * How many entries no runner took yet may wait when an entry is offered: of its owner, and of every owner; checked
     * and added in one step, whichever runners offer at once. Immutable.
     *
     * @param perOwner the untaken entries of the offered task's owner, at least 1
     * @param inAll the untaken entries of every owner, at least 1
     */
    record Bounds(int perOwner, int inAll) {

        /** No bound: for the run of a task already accepted, which must not be refused. */
        public static final Bounds NONE = new Bounds(Integer.MAX_VALUE, Integer.MAX_VALUE);

        public Bounds {
            if (perOwner < 1 || inAll < 1) {
                throw new IllegalArgumentException("the bounds of a queue are at least 1");
            }
        }
    }

    /**
     * Adds {@code task} at the end of the queue, for any runner to take.
     *
     * @throws TaskQueueFullException when as many entries wait untaken as {@code bounds} allow; nothing is added
     */
    void offer(QueuedTask task, Bounds bounds);

    /**
     * Adds {@code task} and, in the same step, lets {@code runner} take the next entry no runner took, in turn: this
     * task unless other entries come first. No other runner can take the task in between, so the instance that
     * accepted a task runs it whenever it can.
     *
     * @return the entry {@code runner} took, or empty when it took none
     * @throws TaskQueueFullException when as many entries wait untaken as {@code bounds} allow; nothing is added
     */
    List<HeldTask> offerAndTake(QueuedTask task, Bounds bounds, String runner);

    /**
     * Takes up to {@code max} entries no runner took yet, the owners in turn, now held by {@code runner}; each entry
     * taken moves its owner's turn last, so that a burst of one owner does not keep another's task behind all of it.
     * An owner's entries go oldest first; an owner with no entry left loses its turn, and comes last when it offers
     * again. Does not wait: an empty list when none is there.
     */
    List<HeldTask> take(String runner, int max);

    /**
     * Takes over up to {@code max} entries whose holder has not renewed them for {@code idleFor} or longer, the owners
     * in the order of their turns, now held by {@code runner} ({@link HeldTask#takenOver()}).
     */
    List<HeldTask> takeOver(String runner, Duration idleFor, int max);

    /**
     * Renews {@code runner}'s hold on {@code held}: their idle time starts again. An entry done, or taken over by
     * another runner meanwhile, is left as it is.
     *
     * @return the entries of {@code held} that {@code runner} still holds
     */
    List<HeldTask> renew(String runner, List<HeldTask> held);

    /**
     * Hands back an entry {@code runner} holds but never started (its runner stops): any runner may take it at once,
     * with {@link #take}, as an entry not taken over. Nothing when {@code runner} no longer holds it, or it is done.
     */
    void release(String runner, HeldTask held);

    /**
     * Removes the entry for good when {@code runner} still holds it: its task ended, or it will not run. The hold is
     * checked and the entry removed in one step, so a runner whose entry was taken over meanwhile cannot end it for
     * the runner that holds it now.
     *
     * @return whether the entry was removed; false when another runner holds it, it was handed back, or it is gone
     */
    boolean done(String runner, HeldTask held);
}
