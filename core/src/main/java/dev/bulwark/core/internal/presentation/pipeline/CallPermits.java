package dev.bulwark.core.internal.presentation.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The two bulkhead permits of one call, given back exactly once. Thread-safe.
 */
final class CallPermits {

    private final Runnable releaseBoth;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    CallPermits(Runnable releaseBoth) {
        this.releaseBoth = releaseBoth;
    }

    /** The handler is about to run; false when the caller already gave the call up. */
    boolean start() {
        return claimed.compareAndSet(false, true);
    }

    /** Gives the permits back if the handler never started (and keeps it from starting). */
    void releaseIfNeverStarted() {
        if (claimed.compareAndSet(false, true)) {
            release();
        }
    }

    /** The client cancelled the call: the handler may not start any more, and the permits are given back now. */
    void abandon() {
        claimed.set(true);
        release();
    }

    /** Gives the permits back, once. */
    void release() {
        if (released.compareAndSet(false, true)) {
            releaseBoth.run();
        }
    }
}
