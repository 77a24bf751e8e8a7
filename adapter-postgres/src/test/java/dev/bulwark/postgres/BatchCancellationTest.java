package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch whose thread is interrupted (the tool pipeline's deadline passed and it told the client "cancelled")
 * commits nothing, on PostgreSQL and on H2, and leaves its pooled connection fit for the next call.
 */
class BatchCancellationTest {

    private JdbcDatabase database;
    private SqlGateway gateway;
    private Owner owner;
    private Hold hold;

    private static final Duration PATIENT_STATEMENTS = Duration.ofSeconds(60);

    private void open(String engine) {
        if (engine.equals("postgresql")) {
            database = PostgresDatabases.open(PostgresServer.shared(), 2);
            owner = new Owner(PostgresServer.shared().owner());
        } else {
            database = H2Databases.open();
            owner = new Owner(database.ownerPool());
        }
        gateway = database.sqlGateway();
        owner.execute("DROP TABLE IF EXISTS cancelled_writes");
        owner.execute("CREATE TABLE cancelled_writes (id INT PRIMARY KEY)");
    }

    /**
     * As {@link #open(String)}, with {@code hold} ready and a statement timeout no wait for the test reaches: the held
     * statement ends when the test releases it, not at a timeout.
     */
    private void open(String engine, Hold hold) throws Exception {
        if (engine.equals("postgresql")) {
            database = PostgresDatabases.open(PostgresServer.shared(), 2, PATIENT_STATEMENTS);
            owner = new Owner(PostgresServer.shared().owner());
        } else {
            database = H2Databases.openWithStatementTimeout(PATIENT_STATEMENTS);
            owner = new Owner(database.ownerPool());
        }
        gateway = database.sqlGateway();
        owner.execute("DROP TABLE IF EXISTS cancelled_writes");
        owner.execute("CREATE TABLE cancelled_writes (id INT PRIMARY KEY)");
        this.hold = hold;
        hold.prepare(owner);
    }

    @AfterEach
    void close() throws Exception {
        Thread.interrupted();
        if (hold != null) {
            hold.release();
        }
        if (database != null) {
            database.close();
        }
    }

    private long rows() {
        return ((Number) owner.query("SELECT count(*) FROM cancelled_writes")).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aBatchOnAnInterruptedThreadCommitsNothing(String engine) {
        open(engine);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> gateway.executeBatch(
                            List.of(SqlStatement.of("INSERT INTO cancelled_writes VALUES (1)")),
                            AccessMode.READ_WRITE,
                            10))
                    .isInstanceOf(DependencyUnavailableException.class);
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the interrupt is kept")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(rows()).isZero();
        assertThat(gateway.execute(
                                SqlStatement.of("INSERT INTO cancelled_writes VALUES (2)"), AccessMode.READ_WRITE, 10)
                        .updateCount())
                .as("the next call runs normally")
                .hasValue(1);
        assertThat(rows()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aBatchInterruptedWhileAStatementRunsIsRolledBackNotCommittedAfterwards(String engine) throws Exception {
        Hold hold = engine.equals("postgresql") ? new AdvisoryLockHold() : new H2FunctionHold();
        open(engine, hold);
        List<SqlStatement> batch = List.of(
                SqlStatement.of("INSERT INTO cancelled_writes VALUES (1)"),
                SqlStatement.of(hold.statement()),
                SqlStatement.of("INSERT INTO cancelled_writes VALUES (2)"));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(
                () -> {
                    try {
                        gateway.executeBatch(batch, AccessMode.READ_WRITE, 10);
                    } catch (RuntimeException e) {
                        outcome.set(e);
                    }
                },
                "batch-caller");

        caller.start();
        try {
            hold.awaitHeld(); // the first insert is done, and the batch's second statement runs
            caller.interrupt();
        } finally {
            hold.release(); // the statement ends normally: the driver does not stop it for the interrupt
        }
        caller.join(Duration.ofSeconds(60).toMillis());

        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(DependencyUnavailableException.class);
        assertThat(rows()).as("nothing committed after the cancellation").isZero();
        assertThat(gateway.execute(SqlStatement.of("SELECT count(*) FROM cancelled_writes"), AccessMode.READ_ONLY, 10)
                        .rows())
                .containsExactly(List.of(0L));
    }

    /** A statement of the batch that runs until the test releases it, and tells the test when it runs. */
    private interface Hold {

        /** Readies the database for {@link #statement()}; {@code owner} runs SQL as the schema owner. */
        void prepare(Owner owner) throws Exception;

        String statement();

        /** Returns once the statement runs and waits for {@link #release()}. */
        void awaitHeld() throws Exception;

        void release() throws Exception;
    }

    /** PostgreSQL: the statement waits for an advisory lock the test holds on a connection of its own. */
    private static final class AdvisoryLockHold implements Hold {

        private static final int LOCK = 5252;
        private Connection locker;

        @Override
        public void prepare(Owner owner) throws SQLException {
            locker = PostgresServer.shared().owner().getConnection();
            try (Statement statement = locker.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            }
        }

        @Override
        public String statement() {
            return "SELECT pg_advisory_xact_lock_shared(" + LOCK + ")";
        }

        @Override
        public void awaitHeld() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (waiters() == 0) {
                assertThat(System.nanoTime()).as("the batch waits on the lock").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        private static long waiters() throws SQLException {
            try (Connection connection = PostgresServer.shared().superuser().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype ="
                            + " 'advisory' AND NOT granted AND objid = " + LOCK)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void release() throws SQLException {
            if (locker != null) {
                locker.close(); // ends the session, and with it the lock
            }
        }
    }

    /**
     * H2: the statement calls a Java function that waits for the test, as a statement on the database's side would:
     * an interrupt of the calling thread does not end it (it is kept for the caller to see).
     */
    private static final class H2FunctionHold implements Hold {

        @Override
        public void prepare(Owner owner) {
            HeldFunction.reset();
            owner.execute("CREATE ALIAS IF NOT EXISTS HELD_BY_TEST FOR '" + HeldFunction.class.getName() + ".held'");
        }

        @Override
        public String statement() {
            return "SELECT HELD_BY_TEST()";
        }

        @Override
        public void awaitHeld() throws InterruptedException {
            assertThat(HeldFunction.running.await(60, TimeUnit.SECONDS))
                    .as("the batch runs the held statement")
                    .isTrue();
        }

        @Override
        public void release() {
            HeldFunction.released.countDown();
        }
    }

    /** The function H2 calls for {@link H2FunctionHold}: public, for H2 to call it. */
    public static final class HeldFunction {

        private static volatile CountDownLatch running = new CountDownLatch(1);
        private static volatile CountDownLatch released = new CountDownLatch(1);

        private HeldFunction() {}

        static void reset() {
            running = new CountDownLatch(1);
            released = new CountDownLatch(1);
        }

        /** Runs until the test releases it, whatever interrupts the thread meanwhile; keeps the interrupt. */
        public static int held() {
            running.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    if (released.await(60, TimeUnit.SECONDS)) {
                        break;
                    }
                    throw new IllegalStateException("the test never released the held statement");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }
    }
}
