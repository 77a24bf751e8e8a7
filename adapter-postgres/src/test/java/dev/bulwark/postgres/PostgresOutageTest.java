package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database failing under load and under readiness polling, on a PostgreSQL of its own that is stopped and
 * started again. Options: pool of 2, 2 s to connect, 1 s per statement, and the production breaker's threshold (3
 * connection failures). The breaker stays open longer than any test runs, so "still open" holds on a slow machine;
 * a test ends the open delay itself ({@link DatabaseGuard#halfOpen()}) once the database is back, and then polls
 * readiness until it sees it. How long a call waited is shown by why it failed and by the pool's count of connection
 * timeouts, never by a clock.
 */
class PostgresOutageTest {

    /** Longer than any test runs: the open delay ends only when a test ends it. */
    private static final Duration OPEN_DELAY = Duration.ofMinutes(10);
    /** How long a health check that must answer may take; only a broken one comes near it. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    /** The advisory lock the burst's calls wait on. */
    private static final int LOCK = 5151;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private PostgresServer postgres;
    private JdbcDatabase database;

    @BeforeEach
    void start() {
        postgres = PostgresServer.start();
        database = JdbcDatabase.open(
                PostgresDatabases.options(postgres, 2),
                new DatabaseGuard.Breaker(DatabaseGuard.Breaker.DEFAULT.failureThreshold(), OPEN_DELAY),
                Ticker.system(),
                OpenTelemetry.noop(),
                Duration.ZERO);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        database.close();
        postgres.close();
    }

    /** A health check that must answer: on another thread, as the core's HealthProbe runs it. */
    private ComponentHealth checkHealth() throws Exception {
        return threads.submit(database.healthIndicator()::check).get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What the core's HealthProbe does while the database is down: the check on another thread, abandoned
     * (interrupted) when it outlasts the probe's timeout, which is shorter than the connection timeout. So a check that
     * waits for a connection is abandoned: here as soon as it is seen waiting, rather than at a short timeout that a
     * busy machine could let run past the connection timeout. A check that does not wait answers.
     *
     * @return the check's answer, or empty when it was abandoned
     */
    private Optional<ComponentHealth> probeReadinessWhileDown() throws Exception {
        HikariPoolMXBean pool = database.ownerPool().getHikariPoolMXBean();
        CountDownLatch ended = new CountDownLatch(1);
        FutureTask<ComponentHealth> check = new FutureTask<>(database.healthIndicator()::check);
        threads.execute(() -> {
            try {
                check.run();
            } finally {
                ended.countDown();
            }
        });
        long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (!check.isDone() && pool.getThreadsAwaitingConnection() == 0) {
            assertThat(System.nanoTime())
                    .as("the check answers or waits for a connection")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        boolean abandoned = check.cancel(true);
        assertThat(ended.await(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS))
                .as("the check ended")
                .isTrue();
        return abandoned ? Optional.empty() : Optional.of(check.get());
    }

    /** Health checks until one finds the database up; the last one's answer. */
    private ComponentHealth checkHealthUntilUp() throws Exception {
        long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
        ComponentHealth health = checkHealth();
        while (health.status() != ComponentStatus.UP && System.nanoTime() < deadline) {
            Thread.sleep(100);
            health = checkHealth();
        }
        return health;
    }

    private List<?> listUsers() {
        return database.userRepository().list(Optional.empty(), 10);
    }

    private String failureOfListUsers() {
        return catchThrowableOfType(DependencyUnavailableException.class, this::listUsers)
                .getMessage();
    }

    /** How many times a call waited the owner's pool's whole connection timeout in vain. */
    private static double connectionTimeouts(MeterRegistry meters) {
        return meters.get("hikaricp.connections.timeout")
                .tag("pool", "bulwark-db")
                .counter()
                .count();
    }

    /** Stops the database and opens the breaker with as many failed calls as its threshold. */
    private void outageOpensTheBreaker() throws Exception {
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();
        for (int i = 0; i < DatabaseGuard.Breaker.DEFAULT.failureThreshold(); i++) {
            assertThatThrownBy(this::listUsers).isInstanceOf(DependencyUnavailableException.class);
        }
        assertThat(checkHealth().details()).containsEntry("circuit", "open");
    }

    @Test
    void theBreakerOpensAfterItsThresholdWhileReadinessIsPolledAndClosesWhenTheDatabaseIsBack() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        database.meterBinder().bindTo(meters);
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        // The steady state of an outage: no pooled connection left to fail fast, every acquisition waits.
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();

        List<String> failures = new ArrayList<>();
        failures.add(failureOfListUsers());
        assertThat(connectionTimeouts(meters))
                .as("one wait for the connection timeout, not one per retry")
                .isEqualTo(1.0);
        for (int i = 1; i < 4; i++) {
            probeReadinessWhileDown();
            failures.add(failureOfListUsers());
        }

        assertThat(failures.get(0)).contains("database unreachable");
        assertThat(failures.get(3))
                .as("fails fast once the breaker is open")
                .contains("circuit breaker open: failing fast");
        ComponentHealth down = checkHealth();
        assertThat(down.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(down.details())
                .containsEntry("circuit", "open")
                .containsEntry("reason", "database unavailable: circuit breaker open");

        postgres.restart();
        database.guard().halfOpen(); // the open delay is over
        assertThat(checkHealthUntilUp().status())
                .as("readiness sees the database again by itself once the open delay is over")
                .isEqualTo(ComponentStatus.UP);
        assertThat(listUsers()).isEmpty();
    }

    @Test
    void aReadinessProbeAbandonedAtItsTimeoutDoesNotSpendTheTrialSoTheFirstCallAfterTheOutageSucceeds()
            throws Exception {
        // Production's open delay, which this test waits out rather than ending it: it also outlasts HikariCP's
        // back-off between connection attempts (up to 5 s), so the trial finds no attempt still waiting to retry.
        database.close();
        database = JdbcDatabase.open(
                PostgresDatabases.options(postgres, 2),
                DatabaseGuard.Breaker.DEFAULT,
                Ticker.system(),
                OpenTelemetry.noop(),
                Duration.ZERO);
        outageOpensTheBreaker();

        long deadline = System.nanoTime() + ANSWER_WITHIN.toNanos();
        while (!database.guard().remainingOpenDelay().isZero()) {
            assertThat(System.nanoTime()).as("the open delay ends").isLessThan(deadline);
            Thread.sleep(10);
        }
        // The first to come after the open delay is a readiness probe, abandoned at its timeout (shorter than the
        // connection timeout) while the database is still down.
        assertThat(probeReadinessWhileDown()).as("the probe is abandoned").isEmpty();
        postgres.restart();

        // A spent trial would have opened the breaker again: this call would fail fast instead
        assertThat(listUsers()).as("the first call after the database is back").isEmpty();
        assertThat(checkHealth().status()).isEqualTo(ComponentStatus.UP);
    }

    @Test
    void aReadinessProbeThatFindsTheDatabaseBackClosesTheBreakerForTheCalls() throws Exception {
        outageOpensTheBreaker();
        postgres.restart();
        database.guard().halfOpen(); // the open delay is over

        ComponentHealth health = checkHealthUntilUp();

        assertThat(health.status()).isEqualTo(ComponentStatus.UP);
        assertThat(health.details()).containsEntry("circuit", "closed");
        assertThat(listUsers()).isEmpty();
    }

    @Test
    void aBurstOfSlowCallsBeyondThePoolLeavesThePoolUsableAfterwards() throws Exception {
        database.close();
        database = PostgresDatabases.open(postgres, 2, Duration.ofSeconds(60)); // the calls wait for the test
        try (Connection locker = postgres.owner().getConnection()) {
            hold(locker);
            List<Future<?>> holding = waitingCalls(2);
            List<Future<?>> beyond = List.of(threads.submit(this::waitingCall), threads.submit(this::waitingCall));
            for (Future<?> call : beyond) {
                assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(DependencyBusyException.class);
            }
            release(locker);
            for (Future<?> call : holding) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
            }

            hold(locker);
            List<Future<?>> after = waitingCalls(2);
            release(locker);
            for (Future<?> call : after) {
                assertThat(call.get(30, TimeUnit.SECONDS))
                        .as("the pool's whole width serves again")
                        .isNotNull();
            }
        }
    }

    /** A read that waits while the test holds its lock: it keeps a permit and a connection until released. */
    private Object waitingCall() {
        return database.sqlGateway()
                .execute(
                        SqlStatement.of("SELECT pg_advisory_xact_lock_shared(" + LOCK + ")"), AccessMode.READ_ONLY, 10);
    }

    /** Starts {@code count} waiting calls and returns once each holds a connection, waiting on the lock. */
    private List<Future<?>> waitingCalls(int count) throws Exception {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(threads.submit(this::waitingCall));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (waitersOnTheLock() < count) {
            assertThat(System.nanoTime())
                    .as("%d calls waiting on the lock", count)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        return calls;
    }

    private long waitersOnTheLock() throws SQLException {
        try (Connection connection = postgres.superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND NOT granted AND objid = " + LOCK)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void hold(Connection locker) throws SQLException {
        try (Statement statement = locker.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
        }
    }

    private static void release(Connection locker) throws SQLException {
        try (Statement statement = locker.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
        }
    }
}
