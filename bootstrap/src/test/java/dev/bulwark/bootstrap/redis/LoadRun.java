package dev.bulwark.bootstrap.redis;

import static dev.bulwark.bootstrap.redis.TestCalls.call;
import static dev.bulwark.bootstrap.redis.TestCalls.isError;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Concurrent callers hammering one tool through a server's pipeline until stopped, counting calls, failed calls
 * (error results) and the slowest call since the last {@link #resetLatency()}. Each caller stops after a bounded
 * number of calls even if never told to, so a test can never spin forever.
 */
final class LoadRun implements AutoCloseable {

    private static final int MAX_CALLS_PER_CALLER = 200_000;

    private final ExecutorService callers;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> failureTexts = new CopyOnWriteArrayList<>();
    private final LongAccumulator slowestNanos = new LongAccumulator(Math::max, 0);

    private LoadRun(Bulwark bulwark, Tool<?, ?> tool, int threads, int distinctKeys) {
        callers = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            running.add(callers.submit(() -> {
                for (int n = 0; n < MAX_CALLS_PER_CALLER && !stop.get(); n++) {
                    String key = "key-" + ThreadLocalRandom.current().nextInt(distinctKeys);
                    long start = System.nanoTime();
                    CallToolResult result = call(bulwark, tool, Map.of("key", key));
                    slowestNanos.accumulate(System.nanoTime() - start);
                    calls.incrementAndGet();
                    if (isError(result)) {
                        failures.incrementAndGet();
                        if (failureTexts.size() < 5) {
                            failureTexts.add(String.valueOf(result.content()));
                        }
                    }
                }
            }));
        }
    }

    static LoadRun start(Bulwark bulwark, Tool<?, ?> tool, int threads, int distinctKeys) {
        return new LoadRun(bulwark, tool, threads, distinctKeys);
    }

    /** Lets the load run for {@code duration}. */
    void runFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** Forgets the slowest call so far: the next phase measures its own. */
    void resetLatency() {
        slowestNanos.reset();
    }

    long calls() {
        return calls.get();
    }

    long failures() {
        return failures.get();
    }

    List<String> failureTexts() {
        return failureTexts;
    }

    Duration slowestCall() {
        return Duration.ofNanos(slowestNanos.get());
    }

    /** Stops the callers and waits (boundedly) for the calls in flight. */
    @Override
    public void close() throws ExecutionException, TimeoutException {
        stop.set(true);
        try {
            for (Future<?> caller : running) {
                caller.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            callers.shutdownNow();
        }
    }
}
