package dev.bulwark.core.internal.presentation.pipeline;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The handler of one isolated call, held until its caller runs it on its own thread. A caller that can be answered
 * from any thread (an HTTP transport) passes one with the call ({@link ToolInvocation#withDeferredHandler}); the
 * pipeline then returns the call's pending outcome with every stage attached and holds the handler here, instead of
 * handing it to the tool executor; the caller runs it next ({@link #runHere}). The call is still answered at its
 * deadline, by the deadline timer, while the handler goes on. One per call; thread-safe.
 */
public final class DeferredHandler {

    private final AtomicReference<Runnable> held = new AtomicReference<>();

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

    private static final Runnable NOTHING = () -> { };
}
