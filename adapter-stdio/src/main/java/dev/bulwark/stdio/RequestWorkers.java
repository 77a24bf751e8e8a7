package dev.bulwark.stdio;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the transport's requests are handled on: a fixed number of daemon platform threads
 * ({@code bulwark-stdio-request-N}), each started when a request comes and there are fewer, taking requests in input
 * order from one queue. A busy thread takes the next request without waiting to be woken, where Reactor's elastic
 * pool, which ran them before, spread the requests over its threads and woke one for each. As many threads as that
 * pool has at most (ten per processor): a handler blocked on the client's answer, or on a slow tool, holds its
 * thread, and as many such handlers can run at once as before. An idle thread ends after a minute.
 *
 * <p>Thread-safe.
 */
final class RequestWorkers implements Executor {

    /** How many requests run at once at most: Reactor's elastic pool's size, ten per processor. */
    static final int THREADS = 10 * Runtime.getRuntime().availableProcessors();

    private final ThreadPoolExecutor pool;

    RequestWorkers() {
        AtomicInteger counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "bulwark-stdio-request-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code request} on one of the threads, once those before it have started.
     *
     * @throws java.util.concurrent.RejectedExecutionException once {@link #shutdown()} has been called
     */
    @Override
    public void execute(Runnable request) {
        pool.execute(request);
    }

    /** Takes no more requests; those queued still run. */
    void shutdown() {
        pool.shutdown();
    }
}
