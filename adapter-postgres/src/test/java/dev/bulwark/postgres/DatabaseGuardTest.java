package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlStatementException;
import dev.failsafe.CircuitBreaker;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard's bulkhead, breaker and retry, with work that stands in for the database (no database needed). */
class DatabaseGuardTest {

    private static final int POOL = 2;
    private static final int THRESHOLD = 2;

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final AtomicInteger evictions = new AtomicInteger();
    /** Open for 300 ms: the tests that need the delay over wait for it ({@link #awaitOpenDelayOver}). */
    private DatabaseGuard guard = guardOpenFor(Duration.ofMillis(300));

    /**
     * A guard whose breaker stays open for {@code delay}. A test that asserts the breaker is still open after some
     * work uses a delay no pause of a busy machine reaches (the breaker runs on the real clock).
     */
    private DatabaseGuard guardOpenFor(Duration delay) {
        return new DatabaseGuard(
                DatabaseSettings.builder()
                        .url(Optional.empty())
                        .poolSize(POOL)
                        .connectionTimeout(Duration.ofSeconds(1))
                        .statementTimeout(Duration.ofSeconds(1))
                        .allowedSchemas(Set.of("public"))
                        .build(),
                new DatabaseGuard.Breaker(THRESHOLD, delay),
                evictions::incrementAndGet);
    }

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    /** Waits (at most a minute) until the open breaker's delay is over: the breaker is still open until asked. */
    private static void awaitOpenDelayOver(DatabaseGuard guard) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!guard.remainingOpenDelay().isZero()) {
            assertThat(System.nanoTime()).as("the open delay is over").isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private static SQLException connectionRefused() {
        return new SQLException("Connection refused", "08001");
    }

    /** What HikariCP throws when the thread waiting for a connection is interrupted: no SQLSTATE. */
    private static SQLException interruptedAcquisition() {
        Thread.currentThread().interrupt();
        return new SQLException("bulwark-db - Interrupted during connection acquisition", new InterruptedException());
    }

    private void failConnecting() {
        assertThatThrownBy(() -> guard.write(() -> {
                    throw connectionRefused();
                }))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    /** A connection failure seen by a health probe, which takes no permit. */
    private void probeFailsConnecting() {
        assertThatThrownBy(() -> guard.probe(() -> {
                    throw connectionRefused();
                }))
                .isInstanceOf(DependencyUnavailableException.class);
    }

    private Future<Object> holdAPermit(CountDownLatch started, CountDownLatch release) {
        return callers.submit(() -> guard.read(() -> {
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }));
    }

    @Test
    void capacityComesBackAfterWaitersTimedOutAsBusy() throws Exception {
        CountDownLatch started = new CountDownLatch(POOL);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> holders = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            holders.add(holdAPermit(started, release));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        // Waiters that give up after the bulkhead wait, as the 4 excess calls of the probe's burst did.
        List<Future<Object>> waiters = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            waiters.add(callers.submit(() -> guard.read(() -> "never runs")));
        }
        for (Future<Object> waiter : waiters) {
            assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(DependencyBusyException.class);
        }
        release.countDown();
        for (Future<Object> holder : holders) {
            assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        }

        // The whole pool width is usable again, at once and concurrently.
        CountDownLatch startedAgain = new CountDownLatch(POOL);
        CountDownLatch releaseAgain = new CountDownLatch(1);
        List<Future<Object>> again = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            again.add(holdAPermit(startedAgain, releaseAgain));
        }
        assertThat(startedAgain.await(30, TimeUnit.SECONDS))
                .as("every permit was given back")
                .isTrue();
        releaseAgain.countDown();
        for (Future<Object> call : again) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        }
    }

    @Test
    void aCallBeyondThePoolIsRefusedAsBusyWithinTheBulkheadWait() throws Exception {
        CountDownLatch started = new CountDownLatch(POOL);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < POOL; i++) {
            holdAPermit(started, release);
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();

        // The permits stay held: a call that queued for one instead would never end
        Future<Object> beyond = callers.submit(() -> guard.write(() -> "never runs"));
        assertThatThrownBy(() -> beyond.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DependencyBusyException.class)
                .hasMessageContaining("all 2 database connections are in use");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("it waited the bulkhead wait first")
                .isGreaterThanOrEqualTo(200L);
        release.countDown();
    }

    @Test
    void aHealthProbeInterruptedWhileWaitingForAConnectionDoesNotResetTheFailureCount() {
        guard = guardOpenFor(Duration.ofMinutes(5));
        failConnecting();
        assertThatThrownBy(() -> guard.probe(() -> {
                    throw interruptedAcquisition();
                }))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThat(Thread.interrupted())
                .as("the interrupt is kept for its sender")
                .isTrue();

        failConnecting();

        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> guard.read(() -> "never runs"))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("circuit breaker open");
    }

    @Test
    void anyFailureOfAnInterruptedCallIsNotTakenForAnAnswer() {
        failConnecting();
        assertThatThrownBy(() -> guard.read(() -> {
                    Thread.currentThread().interrupt();
                    throw new SqlStatementException(SqlFailure.OTHER, "XX000", OptionalInt.empty(), null);
                }))
                .isInstanceOf(DependencyUnavailableException.class);
        Thread.interrupted();

        failConnecting();

        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void busyRefusalsDoNotResetTheFailureCount() throws Exception {
        CountDownLatch started = new CountDownLatch(POOL);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < POOL; i++) {
            holdAPermit(started, release);
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        probeFailsConnecting();
        assertThatThrownBy(() -> guard.read(() -> "never runs")).isInstanceOf(DependencyBusyException.class);

        probeFailsConnecting();

        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
        release.countDown();
    }

    @Test
    void aRefusedStatementIsAnAnswerAndResetsTheFailureCount() {
        failConnecting();
        assertThatThrownBy(() -> guard.read(() -> {
                    throw new SqlStatementException(SqlFailure.SYNTAX, "42601", OptionalInt.empty(), null);
                }))
                .isInstanceOf(SqlStatementException.class);

        failConnecting();

        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anAbandonedTrialReopensTheHalfOpenBreaker() {
        // Open longer than any test runs; the delay's end is the breaker half-opening, done here.
        guard = guardOpenFor(Duration.ofMinutes(10));
        failConnecting();
        failConnecting();
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
        guard.halfOpen();

        assertThatThrownBy(() -> guard.read(() -> {
                    throw interruptedAcquisition();
                }))
                .isInstanceOf(DependencyUnavailableException.class);
        Thread.interrupted();

        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> guard.read(() -> "up"))
                .as("open again for the delay")
                .hasMessageContaining("circuit breaker open");
        guard.halfOpen();
        assertThat(guard.read(() -> "up")).as("the next trial is let through").isEqualTo("up");
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aProbeAbandonedAfterTheOpenDelayDoesNotSpendTheTrialOfTheNextCall() throws Exception {
        failConnecting();
        failConnecting();
        awaitOpenDelayOver(guard);

        assertThatThrownBy(() -> guard.probe(() -> {
                    throw interruptedAcquisition();
                }))
                .isInstanceOf(DependencyUnavailableException.class);
        Thread.interrupted();

        assertThat(guard.read(() -> "up")).as("the call is the trial").isEqualTo("up");
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aProbeWithinTheOpenDelayFailsAtOnceWithoutRunning() {
        guard = guardOpenFor(Duration.ofMinutes(5));
        failConnecting();
        failConnecting();
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> guard.probe(() -> runs.incrementAndGet()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("circuit breaker open");

        assertThat(runs).hasValue(0);
    }

    @Test
    void aProbeThatFindsTheDatabaseBackWhileACallHoldsTheTrialClosesTheBreaker() throws Exception {
        failConnecting();
        failConnecting();
        awaitOpenDelayOver(guard);
        CountDownLatch trialStarted = new CountDownLatch(1);
        CountDownLatch trialRelease = new CountDownLatch(1);
        Future<Object> trial = holdAPermit(trialStarted, trialRelease);
        assertThat(trialStarted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        assertThat(guard.probe(() -> "up")).isEqualTo("up");

        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(guard.read(() -> "served")).as("calls go again at once").isEqualTo("served");
        trialRelease.countDown();
        assertThat(trial.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void thePoolIsToldWhenTheBreakerOpensAndClosesAgain() throws Exception {
        List<Boolean> outages = new java.util.concurrent.CopyOnWriteArrayList<>();
        DatabaseGuard told = new DatabaseGuard(
                DatabaseSettings.builder()
                        .url(Optional.empty())
                        .poolSize(POOL)
                        .connectionTimeout(Duration.ofSeconds(1))
                        .statementTimeout(Duration.ofSeconds(1))
                        .allowedSchemas(Set.of("public"))
                        .build(),
                new DatabaseGuard.Breaker(THRESHOLD, Duration.ofMillis(300)),
                () -> {},
                outages::add);
        for (int i = 0; i < THRESHOLD; i++) {
            assertThatThrownBy(() -> told.write(() -> {
                        throw connectionRefused();
                    }))
                    .isInstanceOf(DependencyUnavailableException.class);
        }
        assertThat(outages).containsExactly(true);
        awaitOpenDelayOver(told);

        told.read(() -> "up");

        assertThat(outages).containsExactly(true, false);
    }

    @Test
    void aCallLetThroughBeforeTheBreakerOpenedDoesNotFailALaterTrial() throws Exception {
        CountDownLatch staleStarted = new CountDownLatch(1);
        Future<Object> stale = callers.submit(() -> guard.read(() -> {
            staleStarted.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // until the test cancels it
            } catch (InterruptedException e) {
                throw interruptedAcquisition();
            }
            return "late";
        }));
        assertThat(staleStarted.await(30, TimeUnit.SECONDS)).isTrue();
        failConnecting();
        failConnecting();
        awaitOpenDelayOver(guard);
        CountDownLatch trialStarted = new CountDownLatch(1);
        CountDownLatch trialRelease = new CountDownLatch(1);
        Future<Object> trial = callers.submit(() -> guard.read(() -> {
            trialStarted.countDown();
            try {
                trialRelease.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw interruptedAcquisition();
            }
            return "up";
        }));
        assertThat(trialStarted.await(30, TimeUnit.SECONDS)).isTrue();

        stale.cancel(true); // abandoned while the breaker is half-open, though it was no trial
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (guard.availablePermits() != POOL - 1) { // the stale call has ended: only the trial holds a permit
            assertThat(System.nanoTime()).as("the stale call ended").isLessThan(deadline);
            Thread.sleep(10);
        }
        trialRelease.countDown();

        assertThat(trial.get(30, TimeUnit.SECONDS)).isEqualTo("up");
        assertThat(guard.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aReadIsRetriedOnceAfterItsPooledConnectionFailed() {
        AtomicInteger attempts = new AtomicInteger();

        Object result = guard.read(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            }
            return "second attempt";
        });

        assertThat(result).isEqualTo("second attempt");
        assertThat(evictions).hasValue(1);
    }

    @Test
    void aReadIsNotRetriedWhenThePoolCouldNotHandOutAConnection() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.read(() -> {
                    attempts.incrementAndGet();
                    throw new SQLTransientConnectionException(
                            "bulwark-db - Connection is not available, request timed out" + " after 1000ms", "08001");
                }))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("unreachable");

        assertThat(attempts).as("one wait for the connection timeout, not two").hasValue(1);
    }

    @Test
    void aWriteIsNeverRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guard.write(() -> {
                    attempts.incrementAndGet();
                    throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                }))
                .isInstanceOf(DependencyUnavailableException.class);

        assertThat(attempts).hasValue(1);
    }
}
