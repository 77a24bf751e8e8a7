package dev.bulwark.core.internal.presentation.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether the client cancelled one tool call, and the actions run when it does. Thread-safe.
 */
public final class CallCancellation {

    /** A call that cannot be cancelled: it registers nothing and is never cancelled. */
    public static final CallCancellation NEVER = new CallCancellation(false);

    private static final Runnable NOTHING_TO_UNDO = () -> {};

    private final boolean cancellable;
    private volatile boolean cancelled;
    private volatile boolean timedOut;
    /** The actions to run at the cancellation; guarded by {@code this}, {@code null} once they ran. */
    private List<Runnable> actions = new ArrayList<>(2);

    private CallCancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /** The cancellation of a call a client may cancel. */
    public static CallCancellation create() {
        return new CallCancellation(true);
    }

    /** Whether the client cancelled the call. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * The call ran out of time: it was answered as timed out and its handler interrupted. Not a cancellation by the
     * client, so no action runs; but its handler is told it is over ({@link #isOver}). Nothing for a call no client can
     * cancel (the shared {@link #NEVER}).
     */
    public void timedOut() {
        if (cancellable) {
            timedOut = true;
        }
    }

    /**
     * Whether the call is over for its handler: the client cancelled it, or it ran out of time. A handler that does
     * not block checks this (as {@code CallContext.isCancelled()}) between steps and stops.
     */
    public boolean isOver() {
        return cancelled || timedOut;
    }

    /**
     * Cancels the call and runs its actions on this thread, each once; an action that fails does not keep the others
     * from running. Returns false, and does nothing, if it was cancelled before or cannot be.
     */
    public boolean cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (!cancellable || cancelled) {
                return false;
            }
            cancelled = true;
            toRun = actions;
            actions = null;
        }
        RuntimeException failure = null;
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /**
     * Runs {@code action} when the call is cancelled, or at once (on this thread) if it already was. Returns what
     * undoes the registration, for when the work the action would stop has ended.
     */
    public Runnable onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (!cancellable) {
            return NOTHING_TO_UNDO;
        }
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> forget(action);
            }
        }
        action.run();
        return NOTHING_TO_UNDO;
    }

    private synchronized void forget(Runnable action) {
        if (actions != null) {
            actions.remove(action);
        }
    }
}
