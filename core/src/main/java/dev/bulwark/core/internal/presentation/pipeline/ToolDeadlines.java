package dev.bulwark.core.internal.presentation.pipeline;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of the JVM that watches isolated calls' deadlines: a single daemon thread, started when a deadline is
 * first set and gone after 30 s without any. A deadline is removed when its call ends in time, so the timer holds
 * only the calls still running. Its tasks answer a call that ran out of time: they run the pipeline's later steps
 * and hand the answer to the transport, which never waits on the write ({@link IsolatedCall}). Thread-safe.
 */
final class ToolDeadlines {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private ToolDeadlines() {
    }

    /** Runs {@code task} on the timer thread after {@code delay}, unless what is returned is cancelled first. */
    static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "bulwark-tool-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // a call that ended in time leaves nothing behind
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true); // the thread ends only when no deadline is left to watch
        return timer;
    }
}
