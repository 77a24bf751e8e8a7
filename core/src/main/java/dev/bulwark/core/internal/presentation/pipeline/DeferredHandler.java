package dev.bulwark.core.internal.presentation.pipeline;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The handler of one isolated call, held until its caller runs it on its own thread. One per call; thread-safe.
 */
public final class DeferredHandler {

    private final AtomicReference<Runnable> held = new AtomicReference<>();
    private final Consumer<Thread> heldPastDeadline;

    /** A holder whose caller is not told when its handler outlives the deadline. */
    public DeferredHandler() {
        this(thread -> {});
    }

    /** A holder that tells {@code heldPastDeadline} of the thread a handler still holds at its deadline. */
    DeferredHandler(Consumer<Thread> heldPastDeadline) {
        this.heldPastDeadline = Objects.requireNonNull(heldPastDeadline, "heldPastDeadline");
    }

    /** Holds {@code handler} until {@link #runHere}; a call has one handler. */
    void hold(Runnable handler) {
        if (!held.compareAndSet(null, handler)) {
            throw new IllegalStateException("a call's handler is already held");
        }
    }

    /** Runs the held handler, if the call got that far, on this thread; at most once. */
    public void runHere() {
        Runnable handler = held.getAndSet(NOTHING);
        if (handler != null) {
            handler.run();
        }
    }

    /** The handler still runs on {@code thread} at its call's deadline; on the deadline timer's thread. */
    void heldPastDeadline(Thread thread) {
        heldPastDeadline.accept(thread);
    }

    private static final Runnable NOTHING = () -> {};
}
