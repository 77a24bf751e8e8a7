package dev.bulwark.core.internal.presentation.pipeline;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where an isolated tool's handler runs: the tool executor, or the thread that started its call. Immutable.
 */
public final class HandlerThread {

    /** Isolated handlers run on the tool executor; the calling thread is free at once. */
    public static final HandlerThread TOOL_EXECUTOR = new HandlerThread(false, thread -> {});

    private final boolean requestThread;
    private final Consumer<Thread> heldPastDeadline;

    private HandlerThread(boolean requestThread, Consumer<Thread> heldPastDeadline) {
        this.requestThread = requestThread;
        this.heldPastDeadline = heldPastDeadline;
    }

    /** Isolated handlers run on the calling thread; nobody is told when one outlives its deadline. */
    public static HandlerThread requestThread() {
        return requestThread(thread -> {});
    }

    /**
     * Isolated handlers run on the calling thread, and {@code heldPastDeadline} is told of that thread, on another
     * one, when a handler still holds it at its call's deadline ({@link DeferredHandler}).
     */
    public static HandlerThread requestThread(Consumer<Thread> heldPastDeadline) {
        return new HandlerThread(true, Objects.requireNonNull(heldPastDeadline, "heldPastDeadline"));
    }

    /** Where one call's handler is held for its caller, or {@code null} when it runs on the tool executor. */
    public DeferredHandler newDeferredHandler() {
        return requestThread ? new DeferredHandler(heldPastDeadline) : null;
    }
}
