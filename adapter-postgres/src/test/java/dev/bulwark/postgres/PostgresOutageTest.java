package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyBusyException;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.time.Ticker;
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
 * connection failures), open for 1 s.
 */
class PostgresOutageTest {

    /** Below the 2 s connection timeout, like the server's 2 s health-check timeout below the default 3 s. */
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofMillis(500);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private PostgresServer postgres;
    private JdbcDatabase database;

    @BeforeEach
    void start() {
        postgres = PostgresServer.start();
        database = JdbcDatabase.open(PostgresDatabases.options(postgres, 2).withBreaker(
                DatabaseOptions.DEFAULT_BREAKER_FAILURE_THRESHOLD, Duration.ofSeconds(1)), Ticker.system());
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

    private static long millisOf(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void theBreakerOpensAfterItsThresholdWhileReadinessIsPolledAndClosesWhenTheDatabaseIsBack() throws Exception {
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        // The steady state of an outage: no pooled connection left to fail fast, every acquisition waits.
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();

        List<Long> failures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pollHealth();
            failures.add(millisOf(() -> assertThatThrownBy(this::listUsers)
                    .isInstanceOf(DependencyUnavailableException.class)));
        }

        assertThat(failures.get(3)).as("fails fast once the breaker is open").isLessThan(500);
        assertThat(failures.get(0)).as("one wait for the connection timeout, not one per retry").isLessThan(3_500);
        Optional<ComponentHealth> down = pollHealth();
        assertThat(down).get().extracting(ComponentHealth::status).isEqualTo(ComponentStatus.DOWN);
        assertThat(down.get().details()).containsEntry("circuit", "open")
                .containsEntry("reason", "database unavailable: circuit breaker open");

        postgres.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean up = false;
        while (!up && System.nanoTime() < deadline) {
            up = pollHealth().map(health -> health.status() == ComponentStatus.UP).orElse(false);
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
        database = JdbcDatabase.open(PostgresDatabases.options(postgres, 2).withBreaker(
                DatabaseOptions.DEFAULT_BREAKER_FAILURE_THRESHOLD, openDelay), Ticker.system());
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();
        for (int i = 0; i < DatabaseOptions.DEFAULT_BREAKER_FAILURE_THRESHOLD; i++) {
            assertThatThrownBy(this::listUsers).isInstanceOf(DependencyUnavailableException.class);
        }
        assertThat(pollHealth()).get().extracting(health -> health.details().get("circuit")).isEqualTo("open");

        Thread.sleep(openDelay.plusMillis(100).toMillis());
        // The first to come after the open delay is a readiness probe, abandoned at its timeout (shorter than the
        // connection timeout) while the database is still down.
        assertThat(pollHealth()).as("the probe is abandoned").isEmpty();
        postgres.restart();

        long start = System.nanoTime();
        List<?> users = listUsers();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(users).as("the first call after the database is back").isEmpty();
        assertThat(millis).as("within one connection").isLessThan(2_500);
        assertThat(pollHealth()).get().extracting(ComponentHealth::status).isEqualTo(ComponentStatus.UP);
    }

    @Test
    void aReadinessProbeThatFindsTheDatabaseBackClosesTheBreakerForTheCalls() throws Exception {
        database.close();
        Duration openDelay = Duration.ofSeconds(2);
        database = JdbcDatabase.open(PostgresDatabases.options(postgres, 2).withBreaker(
                DatabaseOptions.DEFAULT_BREAKER_FAILURE_THRESHOLD, openDelay), Ticker.system());
        assertThat(listUsers()).isEmpty();
        postgres.stop();
        database.ownerPool().getHikariPoolMXBean().softEvictConnections();
        for (int i = 0; i < DatabaseOptions.DEFAULT_BREAKER_FAILURE_THRESHOLD; i++) {
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
        String slow = "SELECT pg_sleep(0.6)";
        List<Future<?>> burst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            burst.add(threads.submit(() -> database.sqlGateway().execute(SqlStatement.of(slow),
                    AccessMode.READ_ONLY, 10)));
        }
        int busy = 0;
        for (Future<?> call : burst) {
            try {
                call.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(DependencyBusyException.class);
                busy++;
            }
        }
        assertThat(busy).isEqualTo(2);

        List<Future<?>> after = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            after.add(threads.submit(() -> database.sqlGateway().execute(SqlStatement.of(slow),
                    AccessMode.READ_ONLY, 10)));
        }
        for (Future<?> call : after) {
            assertThat(call.get(30, TimeUnit.SECONDS)).as("the pool's whole width serves again").isNotNull();
        }
    }
}
