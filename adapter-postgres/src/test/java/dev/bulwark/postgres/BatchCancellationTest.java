package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;
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

    @AfterEach
    void close() {
        Thread.interrupted();
        if (database != null) {
            database.close();
        }
    }

    private long rows() {
        return ((Number) owner.query("SELECT count(*) FROM cancelled_writes")).longValue();
    }

    /** A read-only statement taking about {@code millis}, well within the 1 s statement timeout. */
    private static String pause(String engine, int millis) {
        return engine.equals("postgresql")
                ? "SELECT pg_sleep(" + millis / 1000.0 + ")"
                : "SELECT count(*) FROM system_range(1, " + millis * 16 + ") a, system_range(1, 1000) b";
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
        open(engine);
        List<SqlStatement> batch = new ArrayList<>();
        batch.add(SqlStatement.of("INSERT INTO cancelled_writes VALUES (1)"));
        for (int i = 0; i < 4; i++) {
            batch.add(SqlStatement.of(pause(engine, 250)));
        }
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
        Thread.sleep(250);
        caller.interrupt();
        caller.join(10_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(DependencyUnavailableException.class);
        assertThat(rows()).as("nothing committed after the cancellation").isZero();
        assertThat(gateway.execute(SqlStatement.of("SELECT count(*) FROM cancelled_writes"), AccessMode.READ_ONLY, 10)
                        .rows())
                .containsExactly(List.of(0L));
    }
}
