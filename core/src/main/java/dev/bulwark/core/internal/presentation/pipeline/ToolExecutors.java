package dev.bulwark.core.internal.presentation.pipeline;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor tool handlers run on: a virtual thread per call on Java 21+, else a cached daemon pool.
 */
public final class ToolExecutors {

    private ToolExecutors() {}

    /** Looks the virtual-thread factory up at run time: Bulwark compiles for Java 17. */
    public static ExecutorService create() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool(platformThreads());
        }
    }

    /**
     * Stops {@code executor}: no new handlers, up to {@code seconds} for the running ones to end, then an interrupt to
     * those still running. An interrupt while waiting interrupts them at once and is kept on the calling thread.
     */
    public static void stop(ExecutorService executor, long seconds) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(seconds, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory platformThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "bulwark-tool-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
