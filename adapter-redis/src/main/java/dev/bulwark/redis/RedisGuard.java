package dev.bulwark.redis;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.time.Ticker;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every Redis call takes: one circuit breaker and a bounded wait. Thread-safe.
 */
final class RedisGuard implements AutoCloseable {

    /** Logs under the connection's name, so that every line of the Redis connection carries one logger. */
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private static final Duration GRACE = Duration.ofMillis(50);
    /** How often, at most, a {@code READONLY} answer empties the pool. */
    private static final Duration READ_ONLY_REFRESH = Duration.ofSeconds(1);

    private final Duration operationTimeout;
    private final CircuitBreaker<Object> breaker;
    private final ThreadPoolExecutor workers;
    private final FailsafeExecutor<Object> commands;
    private final FailsafeExecutor<Object> inline;
    private final FailsafeExecutor<Object> probes;
    private final RedisStats stats = new RedisStats();
    private final RedisRefusals refusals;
    private final Runnable onOpen;
    /**
     * Whether Redis has answered since this guard was made. Until it has, a timeout is one failure among others
     * rather than a reason to open the breaker at once: the first calls of a server may pay for opening the first
     * connections (TCP, TLS, login) while Redis is slow to accept them, and one slow start must not make an instance
     * decide its rate limits alone for a whole open delay.
     */
    private volatile boolean answered;

    private final Ticker ticker;
    /** When the pool was last emptied because Redis answered {@code READONLY}; see {@link #demoted}. */
    private final AtomicLong emptiedForReadOnlyNanos;

    /**
     * @param settings the timeout, the breaker's thresholds and the number of workers
     * @param ticker the monotonic clock of latencies and refusal windows
     * @param onOpen run each time the breaker opens, after it is logged, and when Redis says it is a replica (the
     *     connection empties its pool)
     */
    RedisGuard(RedisSettings settings, Ticker ticker, Runnable onOpen) {
        this.operationTimeout = settings.operationTimeout();
        this.onOpen = onOpen;
        this.ticker = ticker;
        // as if last emptied a refresh ago: the first READONLY empties the pool at once
        this.emptiedForReadOnlyNanos = new AtomicLong(ticker.nanoTime() - READ_ONLY_REFRESH.toNanos());
        this.refusals = new RedisRefusals(ticker, RedisRefusals.WINDOW);
        this.breaker = CircuitBreaker.builder()
                // A refusal (out of memory, read-only, not permitted) is Redis answering: it says nothing about
                // whether Redis can be reached, and opening the breaker on it would skip the reads it still serves.
                .handleIf(failure -> RedisRefusal.of(failure).isEmpty() && !interruptedCaller())
                .withFailureThreshold(settings.breakerFailureThreshold())
                .withSuccessThreshold(2)
                .withDelay(settings.breakerOpenDuration())
                .onOpen(event -> breakerOpened(event.getPreviousState()))
                .onHalfOpen(event -> LOG.debug("Redis circuit breaker half-open: trying Redis again"))
                .onClose(event -> LOG.info("Redis circuit breaker closed: Redis is answering again"))
                .build();
        this.workers = workers(settings.poolMaxTotal());
        Timeout<Object> timeout = Timeout.of(operationTimeout);
        this.commands = Failsafe.with(breaker).compose(timeout).with(workers);
        this.inline = Failsafe.with(breaker);
        this.probes = Failsafe.with(timeout).with(workers);
    }

    /**
     * Runs {@code command} through the breaker: on the caller's thread when {@code connectionReady} says a pooled
     * connection is idle and the breaker is closed, else with the timeout on a worker.
     *
     * @param connectionReady whether the pool has an idle connection now (a hint: another call may take it first,
     *     and then this one opens a connection on its own thread, bounded by the connect and socket timeouts)
     * @throws DependencyUnavailableException when Redis fails, does not answer in time, or the breaker is open
     */
    <T> T execute(RedisOperation operation, CheckedSupplier<T> command, BooleanSupplier connectionReady) {
        stats.call(operation);
        RedisRefusals.Refused before = refusals.current(operation);
        T result = breaker.isClosed() && connectionReady.getAsBoolean()
                ? onCallerThread(operation, command)
                : await(operation, commands.getAsync(command));
        answered = true;
        refusals.succeeded(operation, before);
        return result;
    }

    /**
     * Runs {@code probe} with the timeout but outside the breaker, so it reflects Redis itself even while the breaker
     * is open; a probe that succeeds once the breaker's open delay has passed half-opens it, so Redis is tried again
     * even with no traffic.
     *
     * @throws DependencyUnavailableException when Redis fails or does not answer in time
     */
    <T> T probe(RedisOperation operation, CheckedSupplier<T> probe) {
        stats.call(operation);
        T result = await(operation, probes.getAsync(probe));
        answered = true;
        if (breaker.isOpen() && breaker.getRemainingDelay().isZero()) {
            breaker.halfOpen();
        }
        return result;
    }

    /** Runs {@code probe} within {@code bound}, outside the breaker, counted nowhere, waited for by nobody. */
    <T> CompletableFuture<T> probeInBackground(CheckedSupplier<T> probe, Duration bound) {
        return Failsafe.with(Timeout.<T>of(bound)).with(workers).getAsync(probe).whenComplete((result, failure) -> {
            if (failure == null) {
                answered = true;
            }
        });
    }

    RedisStats stats() {
        return stats;
    }

    /** What Redis refused recently (out of memory, read-only, not permitted) and no success has cleared since. */
    Optional<RedisRefusals.Recent> recentRefusals() {
        return refusals.recent();
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** How long the open breaker still skips calls; zero when it is not open or its delay is over. */
    Duration remainingOpenDelay() {
        return breaker.isOpen() ? breaker.getRemainingDelay() : Duration.ZERO;
    }

    /** Stops the workers; a call still running is interrupted. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    private <T> T onCallerThread(RedisOperation operation, CheckedSupplier<T> command) {
        try {
            return inline.get(command);
        } catch (FailsafeException e) {
            // A checked failure of the command, wrapped by Failsafe; Jedis's own failures are unchecked.
            throw failure(operation, interruptedCaller() ? new InterruptedException() : causeOf(e));
        } catch (RuntimeException e) {
            throw failure(operation, interruptedCaller() ? new InterruptedException() : e);
        }
    }

    private static Throwable causeOf(FailsafeException e) {
        return e.getCause() == null ? e : e.getCause();
    }

    /**
     * Whether the thread running a command was interrupted: a cancelled tool call. On a virtual thread the interrupt
     * closes the socket under the read, which fails the command; that says nothing about Redis, so it is no failure
     * to the breaker. (Workers are never interrupted but on close, and a platform thread's socket read ignores it.)
     */
    private static boolean interruptedCaller() {
        return Thread.currentThread().isInterrupted();
    }

    private <T> T await(RedisOperation operation, CompletableFuture<T> result) {
        try {
            // Failsafe's timeout completes the future at the deadline; the grace only guards against a lost timer.
            return result.get(operationTimeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw failure(operation, e.getCause());
        } catch (TimeoutException | CancellationException e) {
            result.cancel(false);
            throw failure(operation, e);
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw failure(operation, e);
        }
    }

    private DependencyUnavailableException failure(RedisOperation operation, Throwable cause) {
        stats.error(operation);
        RedisRefusal.of(cause).ifPresent(refusal -> {
            refusals.refused(operation, refusal);
            if (refusal == RedisRefusal.READ_ONLY) {
                demoted();
            }
        });
        if (RedisFailures.isTimeout(cause) && operation != RedisOperation.PING && breaker.isClosed() && answered) {
            // A server that accepts but does not answer would make every later call wait the full timeout. Before
            // Redis has ever answered, the timeout counts as one failure toward the threshold instead: see answered.
            breaker.open();
        }
        String reason = RedisFailures.reason(cause, operationTimeout);
        // Without the exception: a driver's message can name the host (an unknown host, a refused connection).
        LOG.debug(
                "Redis {} failed: {} ({})",
                operation.tag(),
                reason,
                cause.getClass().getSimpleName());
        return new DependencyUnavailableException(
                RedisConnection.DEPENDENCY, "redis " + operation.tag() + " failed: " + reason);
    }

    /**
     * Redis answered {@code READONLY}: the server the pooled connections reach is a replica now (a failover demoted
     * it). Its refusals do not open the breaker (Redis answers), and its connections pass the pool's {@code PING}, so
     * they would stay on it for good; the pool is emptied instead, at most once a second, and new connections resolve
     * the URL's name again, which names the new primary once the failover is done. A connection lent out meanwhile
     * is closed when it carries a refusal ({@link ReplicaRefusalExecutor}).
     */
    private void demoted() {
        long now = ticker.nanoTime();
        long last = emptiedForReadOnlyNanos.get();
        if (now - last >= READ_ONLY_REFRESH.toNanos() && emptiedForReadOnlyNanos.compareAndSet(last, now)) {
            LOG.debug("Redis answered READONLY: its pooled connections are dropped");
            onOpen.run();
        }
    }

    /**
     * Logs that Redis was given up on (WARN, once per outage) or that a trial found it still failing (DEBUG: every
     * {@code breakerOpenDuration} for as long as the outage lasts), then runs {@code onOpen}.
     */
    private void breakerOpened(CircuitBreaker.State previous) {
        if (previous == CircuitBreaker.State.HALF_OPEN) {
            LOG.debug("Redis still failing: circuit breaker open again");
        } else {
            LOG.warn("Redis circuit breaker open: Redis calls are skipped for now (cache misses, local rate limits)");
        }
        onOpen.run();
    }

    /**
     * As many workers as pooled connections: a worker holds at most one connection, so commands never wait for the
     * pool behind each other's workers. The queue is bounded; a full queue is one more way Redis is unavailable.
     */
    private static ThreadPoolExecutor workers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "bulwark-redis-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(threads * 64),
                factory,
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
