package dev.bulwark.core.internal.presentation.pipeline;

import java.util.function.Consumer;

/**
 * Interrupts a handler's thread on cancellation or deadline, only while the handler runs. Thread-safe.
 */
final class CallerThreadInterrupt {

    private final Thread thread;
    private boolean running = true;
    private boolean interrupted;

    /** For the current thread, which is about to run the handler. */
    CallerThreadInterrupt() {
        this.thread = Thread.currentThread();
    }

    /** Interrupts the handler's thread if the handler still runs. */
    void interrupt() {
        interrupt(thread -> {});
    }

    /**
     * Interrupts the handler's thread if the handler still runs, and then tells {@code stillRunningOn} of that
     * thread, before the handler can end: whatever it is told is the thread of this handler, not of the next thing
     * the thread runs. {@code stillRunningOn} must not block.
     */
    synchronized void interrupt(Consumer<Thread> stillRunningOn) {
        if (running) {
            interrupted = true;
            thread.interrupt();
            stillRunningOn.accept(thread);
        }
    }

    /** The handler ended; called on its thread. */
    void finish() {
        boolean clear;
        synchronized (this) {
            running = false;
            clear = interrupted;
        }
        if (clear) {
            Thread.interrupted();
        }
    }
}
