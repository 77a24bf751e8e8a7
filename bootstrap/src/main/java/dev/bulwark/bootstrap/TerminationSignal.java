package dev.bulwark.bootstrap;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * SIGTERM (or SIGINT) as the server's {@code main} sees it, from before the configuration is read.
 */
final class TerminationSignal {

    /** The status of a process that SIGTERM ended before {@code main} could stop in order (128 + SIGTERM's 15). */
    static final int UNFINISHED_STOP = 143;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Runnable flushLogs;
    private final IntConsumer halt;
    private final Supplier<Logger> log;
    private volatile Duration patience;
    /** {@code main}'s status once it has stopped; until then, a stop it never finished is not a clean one. */
    private volatile int status = UNFINISHED_STOP;

    private volatile Runnable onRequest = () -> {};

    /**
     * @param patience how long the hook waits for {@code main}'s orderly shutdown before the process ends anyway
     * @param flushLogs writes out the buffered log lines, last
     * @param halt ends the process with a status, skipping the other hooks (this one is the one that matters)
     */
    TerminationSignal(Duration patience, Runnable flushLogs, IntConsumer halt, Logger log) {
        this(patience, flushLogs, halt, constant(Objects.requireNonNull(log, "log")));
    }

    /**
     * @param log the logger, looked up only when the hook logs: the hook is installed before logging is set up
     */
    TerminationSignal(Duration patience, Runnable flushLogs, IntConsumer halt, Supplier<Logger> log) {
        this.patience = Objects.requireNonNull(patience, "patience");
        this.flushLogs = Objects.requireNonNull(flushLogs, "flushLogs");
        this.halt = Objects.requireNonNull(halt, "halt");
        this.log = Objects.requireNonNull(log, "log");
    }

    private static Supplier<Logger> constant(Logger log) {
        return () -> log;
    }

    /**
     * Installs the JVM shutdown hook.
     *
     * @param patience how long the hook waits for {@code main}'s orderly shutdown before the process ends anyway
     */
    static TerminationSignal install(Duration patience, Logger log) {
        return install(patience, constant(Objects.requireNonNull(log, "log")));
    }

    /**
     * Installs the JVM shutdown hook, before anything else in {@code main}: logging is set up later, so the logger is
     * looked up only when the hook needs it. When a signal came before even this (the JVM is shutting down already,
     * and takes no more hooks), the process ends at once with status 0: the stop was requested, nothing has started.
     *
     * @param patience how long the hook waits for {@code main}'s orderly shutdown before the process ends anyway;
     *     {@link #patience(Duration)} changes it once the configuration is known
     */
    static TerminationSignal install(Duration patience, Supplier<Logger> log) {
        TerminationSignal signal = new TerminationSignal(
                patience, LogLevels::stop, code -> Runtime.getRuntime().halt(code), log);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(signal::onShutdown, "bulwark-shutdown"));
        } catch (IllegalStateException shutdownInProgress) {
            Runtime.getRuntime().halt(0);
        }
        return signal;
    }

    /**
     * Sets how long the hook waits for {@code main}'s orderly shutdown, once the configuration says how long a drain
     * may take; a signal that came before keeps the patience it started waiting with.
     */
    void patience(Duration patience) {
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /**
     * What ends the transport when the signal comes (stdio: closing the session's input); run at once when the signal
     * came already, during start-up.
     */
    void whenRequested(Runnable action) {
        onRequest = Objects.requireNonNull(action, "action");
        if (isRequested()) {
            action.run();
        }
    }

    /** Whether the signal came. */
    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits until the signal comes. */
    void awaitRequest() {
        boolean interrupted = false;
        while (true) {
            try {
                requested.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code main} has shut down in order (or failed to start); the process ends with {@code status}. */
    void stopped(int status) {
        this.status = status;
        stopped.countDown();
    }

    /** The shutdown hook's work. */
    void onShutdown() {
        if (stopped.getCount() == 0) {
            flushLogs.run(); // ended on its own: main's exit code stands
            return;
        }
        requested.countDown(); // first: main may be checking for it, while the logger below is still being set up
        log.get().info("Termination signal: stopping in order");
        onRequest.run();
        Duration waited = patience;
        try {
            if (!stopped.await(waited.toMillis(), TimeUnit.MILLISECONDS)) {
                log.get().warn("Shutdown did not finish within {} s; stopping anyway", waited.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushLogs.run();
        halt.accept(status);
    }
}
