package dev.bulwark.ports.tasks;

import dev.bulwark.ports.PortException;

/**
 * Refuses a new entry because as many entries of its owner, or of every owner, wait untaken as the offer allowed. Its
 * message names the bound; it quotes nothing the caller sent. Immutable.
 */
public final class TaskQueueFullException extends PortException {

    private static final long serialVersionUID = 1L;

    /** Which bound the offer reached. */
    public enum Bound {
        /** The entries of the task's owner that no runner took yet. */
        OWNER,
        /** The entries of every owner that no runner took yet. */
        ALL
    }

    private final Bound bound;
    private final int limit;

    public TaskQueueFullException(Bound bound, int limit) {
        super(
                bound == Bound.OWNER
                        ? limit + " tasks of this caller wait in the shared queue, as many as one caller may"
                        : limit + " tasks wait in the shared queue, as many as may wait in all");
        this.bound = bound;
        this.limit = limit;
    }

    public Bound bound() {
        return bound;
    }

    public int limit() {
        return limit;
    }
}
