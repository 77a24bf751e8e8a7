package dev.bulwark.postgres;

import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.PortException;
import dev.bulwark.ports.WriteOutcomeUnknownException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience around every database call: retry, circuit breaker and a permit per pooled connection.
 * Thread-safe.
 */
final class DatabaseGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGuard.class);
    static final String DEPENDENCY = "database";
    static final long BULKHEAD_WAIT_MS = 250;

    private final CircuitBreaker<Object> breaker;
    /*
     * Not Failsafe's Bulkhead: in Failsafe 3.3.2 a synchronous waiter whose maxWaitTime runs out stays in the
     * bulkhead's queue, and the next releasePermit() hands the permit to that abandoned waiter, so it is lost for
     * good; after one burst of slow calls every call was refused as busy until a restart
     * (https://github.com/failsafe-lib/failsafe/issues/393, fixed by PR #400, not released). A JDK Semaphore drops a
     * waiter that times out. Fair, like the FIFO queue it replaces: a caller that has waited is served before one that
     * just arrived, and the cost of fairness is nothing next to a database round trip.
     */
    private final Semaphore permits;
    private final RetryPolicy<Object> readRetry;
    private final Runnable onConnectionFailure;
    private final int concurrency;

    /**
     * When the circuit breaker opens and how long it stays open: fixed in production ({@link #DEFAULT}), shorter in
     * the adapter's own tests.
     *
     * @param failureThreshold consecutive connection failures that open the breaker
     * @param openDelay how long the open breaker fails calls at once before it lets a trial call through
     */
    record Breaker(int failureThreshold, Duration openDelay) {

        static final Breaker DEFAULT = new Breaker(3, Duration.ofSeconds(5));

        Breaker {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1");
            }
            if (openDelay.isZero() || openDelay.isNegative()) {
                throw new IllegalArgumentException("openDelay must be positive, was " + openDelay);
            }
        }
    }

    DatabaseGuard(DatabaseSettings options, Breaker breaker, Runnable onConnectionFailure) {
        this(options, breaker, onConnectionFailure, down -> {});
    }

    /**
     * @param onConnectionFailure run after each connection failure (the pool drops its idle connections)
     * @param onOutage told {@code true} when the breaker opens and {@code false} when it closes again
     */
    DatabaseGuard(DatabaseSettings options, Breaker breaker, Runnable onConnectionFailure, Consumer<Boolean> onOutage) {
        this.onConnectionFailure = onConnectionFailure;
        this.concurrency = options.poolSize();
        this.breaker = CircuitBreaker.builder()
                .handleIf(failure -> failure instanceof ConnectionFailure)
                .withFailureThreshold(breaker.failureThreshold())
                .withSuccessThreshold(1)
                .withDelay(breaker.openDelay())
                .onOpen(event -> {
                    LOG.warn(
                            "Database circuit breaker opened: calls fail fast for {} ms",
                            breaker.openDelay().toMillis());
                    onOutage.accept(true);
                })
                .onHalfOpen(event -> LOG.info("Database circuit breaker half-open: trying the database again"))
                .onClose(event -> {
                    LOG.info("Database circuit breaker closed: the database answers again");
                    onOutage.accept(false);
                })
                .build();
        this.permits = new Semaphore(options.poolSize(), true);
        this.readRetry = RetryPolicy.builder()
                .handleIf(failure -> failure instanceof ConnectionFailure connection && connection.retryable())
                .withMaxRetries(1)
                .build();
    }

    /**
     * Runs read-only work: retried once on a fresh connection after a connection failure on a pooled one (reads are
     * always rolled back, so running one twice is harmless). A failure to get a connection at all is not retried: a
     * second wait would fail the same way and double the caller's wait.
     */
    <T> T read(SqlWork<T> work) {
        return run(work, true, true);
    }

    /** Runs work that may write: never retried, since its outcome is unknown when the connection failed under it. */
    <T> T write(SqlWork<T> work) {
        return run(work, false, true);
    }

    /**
     * Runs a health probe, outside the bulkhead, and never as the breaker's half-open trial (a readiness probe gives
     * up sooner than a call waits for a connection, and an abandoned trial would keep the breaker open another
     * delay while the database is back):
     *
     * <ul>
     *   <li>breaker closed: through the breaker, as a call (a success resets its count of failures, a connection
     *       failure counts);
     *   <li>open, within its delay: fails at once, without I/O;
     *   <li>open past its delay, or half-open: runs without taking the trial's permit. A success closes the breaker
     *       (the database answers, so calls may go again at once); a failure, or a probe abandoned at its timeout,
     *       records nothing, and the trial stays with the next call.
     * </ul>
     */
    <T> T probe(SqlWork<T> work) {
        if (breaker.isClosed()) {
            return run(work, false, false);
        }
        if (breaker.isOpen() && !breaker.getRemainingDelay().isZero()) {
            throw new DependencyUnavailableException(DEPENDENCY, "circuit breaker open: failing fast");
        }
        try {
            T result = attempt(work);
            breaker.close();
            return result;
        } catch (ConnectionFailure e) {
            throw new DependencyUnavailableException(DEPENDENCY, "database unreachable", e.getCause());
        } catch (RuntimeException e) {
            if (e instanceof Abandoned || Thread.currentThread().isInterrupted()) {
                throw abandoned(e);
            }
            // The database answered, refusing the statement: it is reachable.
            breaker.close();
            throw e;
        }
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** How long the open breaker still fails calls at once; zero when it is not open or its delay is over. */
    Duration remainingOpenDelay() {
        return breaker.isOpen() ? breaker.getRemainingDelay() : Duration.ZERO;
    }

    /**
     * Half-opens the breaker now, as if its open delay were over: for tests, which cannot move the clock Failsafe
     * reads, and would otherwise wait out a delay short enough to end also where they need the breaker still open.
     */
    void halfOpen() {
        breaker.halfOpen();
    }

    /** Permits free now: the pool's connections the tools may still take without waiting. */
    int availablePermits() {
        return permits.availablePermits();
    }

    private <T> T run(SqlWork<T> work, boolean retry, boolean bounded) {
        try {
            return retry ? Failsafe.with(readRetry).get(() -> guarded(work, bounded)) : guarded(work, bounded);
        } catch (ConnectionFailure e) {
            if (e.inDoubt()) {
                throw new WriteOutcomeUnknownException(DEPENDENCY, "connection failed during a commit", e.getCause());
            }
            throw new DependencyUnavailableException(DEPENDENCY, "database unreachable", e.getCause());
        } catch (FailsafeException e) {
            throw translate(e.getCause());
        }
    }

    /**
     * One attempt under the breaker and, when bounded, a permit. The breaker is used standalone (Failsafe's
     * documented permit-and-record API) rather than through an executor, because an executor records every outcome
     * that is not a handled failure as a success: a busy refusal, or a health check interrupted while it waited for
     * a connection, would then reset the count of connection failures and keep the breaker closed for ever.
     */
    private <T> T guarded(SqlWork<T> work, boolean bounded) {
        if (!breaker.tryAcquirePermit()) {
            throw new DependencyUnavailableException(DEPENDENCY, "circuit breaker open: failing fast");
        }
        // Whether this call holds a half-open trial permit: decided now, since a call let through while the breaker
        // was closed may end while it is half-open, and must not then fail the trial of another call
        boolean trial = breaker.isHalfOpen();
        boolean recorded = false;
        boolean acquired = false;
        try {
            if (bounded) {
                acquired = permits.tryAcquire(BULKHEAD_WAIT_MS, TimeUnit.MILLISECONDS);
                if (!acquired) {
                    throw new DependencyBusyException(
                            DEPENDENCY, "all " + concurrency + " database connections are in use");
                }
            }
            T result = attempt(work);
            breaker.recordSuccess();
            recorded = true;
            return result;
        } catch (ConnectionFailure e) {
            breaker.recordFailure();
            recorded = true;
            throw e;
        } catch (DependencyBusyException e) {
            throw e;
        } catch (InterruptedException e) {
            throw abandoned(e);
        } catch (RuntimeException e) {
            if (e instanceof Abandoned || Thread.currentThread().isInterrupted()) {
                throw abandoned(e);
            }
            // The database answered, refusing the statement: it is reachable.
            breaker.recordSuccess();
            recorded = true;
            throw e;
        } finally {
            if (acquired) {
                permits.release();
            }
            if (!recorded && trial) {
                // The trial this call was let through for ended without an answer (busy, or abandoned): count it as
                // failed, which also gives back the half-open permit (Failsafe has no other way to release it).
                breaker.recordFailure();
            }
        }
    }

    private <T> T attempt(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            if (SqlErrors.isInterruption(e) || Thread.currentThread().isInterrupted()) {
                throw abandoned(e);
            }
            if (e instanceof CommitInDoubt || SqlErrors.isConnectionFailure(e)) {
                onConnectionFailure.run();
                throw new ConnectionFailure(e);
            }
            throw new PortException("database call failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static Abandoned abandoned(Throwable cause) {
        // Keep the thread's interrupt: whoever interrupted it is still owed the stop.
        Thread.currentThread().interrupt();
        return cause instanceof Abandoned already
                ? already
                : new Abandoned("database call interrupted before the database answered", cause);
    }

    private static RuntimeException translate(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new PortException("database call failed", cause);
    }

    /**
     * The caller's thread was interrupted (its deadline passed, or the server is stopping) before the database
     * answered: nothing is known about the database, so the breaker records nothing.
     */
    static final class Abandoned extends DependencyUnavailableException {

        private static final long serialVersionUID = 1L;

        Abandoned(String message, Throwable cause) {
            super(DEPENDENCY, message, cause);
        }
    }
}
