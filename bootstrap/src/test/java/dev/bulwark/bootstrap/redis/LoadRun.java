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
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Concurrent callers hammering one tool through a server's pipeline until stopped, counting calls (in all and per
 * caller) and failed calls (error results). Each caller stops after a bounded number of calls even if never told to,
 * so a test can never spin forever.
 */
final class LoadRun implements AutoCloseable {

    private static final int MAX_CALLS_PER_CALLER = 200_000;

    private final ExecutorService callers;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> failureTexts = new CopyOnWriteArrayList<>();
    private final AtomicLongArray callsPerCaller;

    private LoadRun(Bulwark bulwark, Tool<?, ?> tool, int threads, int distinctKeys) {
        callers = Executors.newFixedThreadPool(threads);
        callsPerCaller = new AtomicLongArray(threads);
        for (int i = 0; i < threads; i++) {
            int caller = i;
            running.add(callers.submit(() -> {
                for (int n = 0; n < MAX_CALLS_PER_CALLER && !stop.get(); n++) {
                    String key = "key-" + ThreadLocalRandom.current().nextInt(distinctKeys);
                    CallToolResult result = call(bulwark, tool, Map.of("key", key));
                    calls.incrementAndGet();
                    callsPerCaller.incrementAndGet(caller);
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

    /**
     * Waits until every caller has finished {@code more} further calls, for at most {@code limit}: a caller held by
     * one call (a connect timeout, a lock) keeps this from returning {@code true}, however fast the others go.
     *
     * @return whether every caller got that far in time
     */
    boolean awaitCallsByEveryCaller(int more, Duration limit) throws InterruptedException {
        long[] targets = new long[callsPerCaller.length()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = callsPerCaller.get(i) + more;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < targets.length; i++) {
            while (callsPerCaller.get(i) < targets[i]) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(10);
            }
        }
        return true;
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
