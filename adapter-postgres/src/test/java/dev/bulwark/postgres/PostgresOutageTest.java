package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database failing under load and under readiness polling, on a PostgreSQL of its own that is stopped and
 * started again. Options: pool of 2, 2 s to connect, 1 s per statement, and the production breaker's threshold (3
 * connection failures), open for 1 s. How long a call waited is shown by why it failed and by the pool's count of
 * connection timeouts, never by a clock.
 */
class PostgresOutageTest {

    /** Below the 2 s connection timeout, like the server's 2 s health-check timeout below the default 3 s. */
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofMillis(500);
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
                new DatabaseGuard.Breaker(DatabaseGuard.Breaker.DEFAULT.failureThreshold(), Duration.ofSeconds(1)),
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

    /** What the core's HealthProbe does: the check on another thread, interrupted when it outlasts its timeout. */
    private Optional<ComponentHealth> pollHealth() throws Exception {
        FutureTask<ComponentHealth> check = new FutureTask<>(database.healthIndicator()::check);
        threads.execute(check);
        try {
            return Optional.of(check.get(HEALTH_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            check.cancel(true);
            return Optional.empty();
        }
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
            pollHealth();
            failures.add(failureOfListUsers());
        }

        assertThat(failures.get(0)).contains("database unreachable");
        assertThat(failures.get(3))
                .as("fails fast once the breaker is open")
                .contains("circuit breaker open: failing fast");
        Optional<ComponentHealth> down = pollHealth();
        assertThat(down).get().extracting(ComponentHealth::status).isEqualTo(ComponentStatus.DOWN);
        assertThat(down.get().details())
                .containsEntry("circuit", "open")
                .containsEntry("reason", "database unavailable: circuit breaker open");

        postgres.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean up = false;
        while (!up && System.nanoTime() < deadline) {
            up = pollHealth()
                    .map(health -> health.status() == ComponentStatus.UP)
                    .orElse(false);
            if (!up) {
                Thread.sleep(200);
            }
        }
        assertThat(up).as("readiness sees the database again by itself").isTrue();
        assertThat(listUsers()).isEmpty();
    }

    @Test
    void aReadinessProbeAbandonedAtItsTimeoutDoesNotSpendTheTrialSoTheFirstCallAfterTheOutageSucceeds()
            throws Exception {
        database.close();
        Duration openDelay = Duration.ofSeconds(5); // production's: a trial spent by a probe cost this much again
        database = JdbcDatabase.open(
                PostgresDatabases.options(postgres, 2),
                new DatabaseGuard.Breaker(DatabaseGuard.Breaker.DEFAULT.failureThreshold(), openDelay),
                Ticker.system(),
                OpenTelemetry.noop(),
                Duration.ZERO);
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();
        for (int i = 0; i < DatabaseGuard.Breaker.DEFAULT.failureThreshold(); i++) {
            assertThatThrownBy(this::listUsers).isInstanceOf(DependencyUnavailableException.class);
        }
        assertThat(pollHealth())
                .get()
                .extracting(health -> health.details().get("circuit"))
                .isEqualTo("open");

        Thread.sleep(openDelay.plusMillis(100).toMillis());
        // The first to come after the open delay is a readiness probe, abandoned at its timeout (shorter than the
        // connection timeout) while the database is still down.
        assertThat(pollHealth()).as("the probe is abandoned").isEmpty();
        postgres.restart();

        // A spent trial would have opened the breaker again: this call would fail fast instead
        assertThat(listUsers()).as("the first call after the database is back").isEmpty();
        assertThat(pollHealth()).get().extracting(ComponentHealth::status).isEqualTo(ComponentStatus.UP);
    }

    @Test
    void aReadinessProbeThatFindsTheDatabaseBackClosesTheBreakerForTheCalls() throws Exception {
        database.close();
        Duration openDelay = Duration.ofSeconds(2);
        database = JdbcDatabase.open(
                PostgresDatabases.options(postgres, 2),
                new DatabaseGuard.Breaker(DatabaseGuard.Breaker.DEFAULT.failureThreshold(), openDelay),
                Ticker.system(),
                OpenTelemetry.noop(),
                Duration.ZERO);
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();
        for (int i = 0; i < DatabaseGuard.Breaker.DEFAULT.failureThreshold(); i++) {
            assertThatThrownBy(this::listUsers).isInstanceOf(DependencyUnavailableException.class);
        }
        postgres.restart();
        Thread.sleep(openDelay.plusMillis(100).toMillis());

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<ComponentHealth> health = pollHealth();
        while (!health.map(found -> found.status() == ComponentStatus.UP).orElse(false)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            health = pollHealth();
        }

        assertThat(health).get().extracting(ComponentHealth::status).isEqualTo(ComponentStatus.UP);
        assertThat(health.get().details()).containsEntry("circuit", "closed");
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
