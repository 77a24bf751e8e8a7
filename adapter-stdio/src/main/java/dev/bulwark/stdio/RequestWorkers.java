package dev.bulwark.stdio;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed set of daemon threads the transport's requests are handled on.
 */
final class RequestWorkers implements Executor {

    /** How many requests run at once at most: Reactor's elastic pool's size, ten per processor. */
    static final int THREADS = 10 * Runtime.getRuntime().availableProcessors();

    /** How many threads may stand in for held ones at once: as many requests as may be in flight. */
    static final int MAX_STAND_INS = InboundDispatcher.MAX_IN_FLIGHT;

    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private final int threads;
    private final ThreadPoolExecutor pool;
    /** Threads standing in for held ones now; guarded by this. */
    private int standIns;

    RequestWorkers() {
        this(THREADS);
    }

    /** With {@code threads} threads (tests use a few). */
    RequestWorkers(int threads) {
        this.threads = threads;
        AtomicInteger counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new RequestThread(runnable, "bulwark-stdio-request-" + counter.incrementAndGet());
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
        pool.execute(new Request(request));
    }

    /**
     * The request running on {@code thread} is held past its deadline: another thread serves the queue until it
     * returns, so handlers that ignore their deadline cannot take every thread. Only the first report of a request counts; a thread that is not this pool's, or that runs no request,
     * is ignored. Never blocks for long.
     */
    void standIn(Thread thread) {
        if (!(thread instanceof RequestThread requestThread) || requestThread.workers() != this) {
            return;
        }
        Request request = requestThread.current;
        if (request == null) {
            return;
        }
        synchronized (this) {
            if (standIns >= MAX_STAND_INS) {
                log.warn("{} request threads are held by handlers past their deadline; no more stand in", standIns);
                return;
            }
            if (!request.state.compareAndSet(Request.RUNNING, Request.HELD)) {
                return;
            }
            standIns++;
            resize();
        }
        log.warn(
                "A handler holds its request thread {} past its call's deadline; another thread serves meanwhile",
                thread.getName());
    }

    /** How many threads may serve requests now: the pool's size and those standing in for held ones. */
    synchronized int threadsAllowed() {
        return pool.getCorePoolSize();
    }

    /** Takes no more requests; those queued still run. */
    void shutdown() {
        pool.shutdown();
    }

    /** A held request returned: its stand-in ends once idle. */
    private synchronized void heldReturned() {
        standIns--;
        resize();
    }

    /** Sizes the pool to its threads and the stand-ins; a thread beyond that ends when it is next idle. */
    private void resize() {
        int size = threads + standIns;
        if (size > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size); // starts a thread for a queued request at once
        } else {
            pool.setCorePoolSize(size);
            pool.setMaximumPoolSize(size);
        }
    }

    /** One request as it runs on a thread of this pool, and whether it was reported held. */
    private final class Request implements Runnable {

        static final int RUNNING = 0;
        static final int HELD = 1;
        static final int ENDED = 2;

        private final Runnable work;
        final AtomicInteger state = new AtomicInteger(RUNNING);

        Request(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            RequestThread thread = (RequestThread) Thread.currentThread();
            thread.current = this;
            try {
                work.run();
            } finally {
                thread.current = null;
                if (state.getAndSet(ENDED) == HELD) {
                    heldReturned();
                }
            }
        }
    }

    /** A thread of this pool, which knows the request it runs. */
    private final class RequestThread extends Thread {

        volatile Request current;

        RequestThread(Runnable runnable, String name) {
            super(runnable, name);
        }

        RequestWorkers workers() {
            return RequestWorkers.this;
        }
    }
}
