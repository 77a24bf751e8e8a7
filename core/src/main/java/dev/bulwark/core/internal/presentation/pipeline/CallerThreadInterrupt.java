package dev.bulwark.core.internal.presentation.pipeline;

/**
 * Interrupts the thread a {@link dev.bulwark.core.Tool.Execution#CALLER_THREAD} handler runs on when its client
 * cancels the call, only while the handler runs: once {@link #finish()} returns no interrupt can reach the thread any
 * more, and an interrupt this class caused is cleared, so the transport's thread goes on to its next request
 * without it. Thread-safe.
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
    synchronized void interrupt() {
        if (running) {
            interrupted = true;
            thread.interrupt();
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
