package dev.bulwark.postgres;

import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.PortException;
import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resilience around every database call, built from Failsafe policies and composed as
 * {@code Failsafe.with(retry, breaker, bulkhead)} for reads and {@code Failsafe.with(breaker, bulkhead)} for writes:
 *
 * <ul>
 *   <li>a <b>circuit breaker</b> that opens after consecutive connection failures (never after a refused
 *       statement: the database answered) and then fails calls at once with "database unavailable", until a trial
 *       call after the open delay succeeds;
 *   <li>a <b>bulkhead</b> as wide as the pool, with a short wait: when every connection is busy, the excess call is
 *       refused at once as "busy" instead of queueing for the pool's connection timeout;
 *   <li>for reads only, <b>one retry</b> after a connection failure, on a fresh connection (reads are always rolled
 *       back, so running one twice is harmless). A write is <b>never retried</b>: its outcome is unknown when the
 *       connection failed under it.
 * </ul>
 *
 * After a connection failure it asks the pool to drop its idle connections, so a database restart costs one failed
 * call, not one per pooled connection. Translates everything to port exceptions; a statement failure
 * ({@link dev.bulwark.ports.sql.SqlStatementException}) passes through unchanged. Thread-safe.
 */
final class DatabaseGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGuard.class);
    static final String DEPENDENCY = "database";
    private static final Duration BULKHEAD_WAIT = Duration.ofMillis(250);

    private final CircuitBreaker<Object> breaker;
    private final Bulkhead<Object> bulkhead;
    private final RetryPolicy<Object> readRetry;
    private final Runnable onConnectionFailure;
    private final int concurrency;

    DatabaseGuard(DatabaseOptions options, Runnable onConnectionFailure) {
        this.onConnectionFailure = onConnectionFailure;
        this.concurrency = options.poolSize();
        this.breaker = CircuitBreaker.builder()
                .handleIf(failure -> failure instanceof ConnectionFailure)
                .withFailureThreshold(options.breakerFailureThreshold())
                .withSuccessThreshold(1)
                .withDelay(options.breakerOpenDelay())
                .onOpen(event -> LOG.warn("Database circuit breaker opened: calls fail fast for {} ms",
                        options.breakerOpenDelay().toMillis()))
                .onHalfOpen(event -> LOG.info("Database circuit breaker half-open: trying the database again"))
                .onClose(event -> LOG.info("Database circuit breaker closed: the database answers again"))
                .build();
        this.bulkhead = Bulkhead.builder(options.poolSize()).withMaxWaitTime(BULKHEAD_WAIT).build();
        this.readRetry = RetryPolicy.builder()
                .handleIf(failure -> failure instanceof ConnectionFailure)
                .withMaxRetries(1)
                .build();
    }

    /** Runs read-only work: retried once on a fresh connection after a connection failure. */
    <T> T read(SqlWork<T> work) {
        return run(work, true, true);
    }

    /** Runs work that may write: never retried. */
    <T> T write(SqlWork<T> work) {
        return run(work, false, true);
    }

    /** Runs a health probe: through the breaker (so a success closes it), outside the bulkhead. */
    <T> T probe(SqlWork<T> work) {
        return run(work, false, false);
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    private <T> T run(SqlWork<T> work, boolean retry, boolean bounded) {
        try {
            var executor = retry
                    ? Failsafe.with(readRetry).compose(breaker).compose(bulkhead)
                    : bounded ? Failsafe.with(breaker).compose(bulkhead) : Failsafe.with(breaker);
            Object result = executor.get(() -> attempt(work));
            @SuppressWarnings("unchecked")
            T typed = (T) result;
            return typed;
        } catch (CircuitBreakerOpenException e) {
            throw new DependencyUnavailableException(DEPENDENCY, "circuit breaker open: failing fast", e);
        } catch (BulkheadFullException e) {
            throw new DependencyBusyException(DEPENDENCY,
                    "all " + concurrency + " database connections are in use");
        } catch (ConnectionFailure e) {
            throw new DependencyUnavailableException(DEPENDENCY, "database unreachable", e.getCause());
        } catch (FailsafeException e) {
            throw translate(e.getCause());
        }
    }

    private <T> T attempt(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            if (SqlErrors.isConnectionFailure(e)) {
                onConnectionFailure.run();
                throw new ConnectionFailure(e);
            }
            throw new PortException("database call failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static RuntimeException translate(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new PortException("database call failed", cause);
    }
}
