package dev.bulwark.ports.tasks;

import dev.bulwark.ports.PortException;

/**
 * Refuses a new task because its owner already keeps as many tasks, or has as many active, as allowed. Its message
 * names the bound; it quotes nothing the caller sent. Immutable.
 */
public final class TaskStoreFullException extends PortException {

    private static final long serialVersionUID = 1L;

    /** Which bound the owner reached. */
    public enum Bound {
        /** The tasks kept (any status, until they expire). */
        KEPT,
        /** The tasks active (running, or waiting for input; not those waiting for a slot). */
        ACTIVE
    }

    private final Bound bound;
    private final int limit;

    public TaskStoreFullException(Bound bound, int limit) {
        super(
                bound == Bound.KEPT
                        ? "Too many tasks: a caller may keep at most " + limit
                                + " tasks until they expire; wait for older ones to expire"
                        : "Too many active tasks: a caller may have at most " + limit
                                + " tasks running or waiting for input at once (tasks waiting for a slot aside);"
                                + " cancel one or wait for one to end");
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
