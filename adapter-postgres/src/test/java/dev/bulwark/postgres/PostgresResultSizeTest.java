package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A result larger than the gateway reads on a real PostgreSQL: refused as too large before the driver holds it in
 * memory (a value of 20 MiB against the 8 MiB limit), an answer that leaves the pool, the breaker and health as they
 * were. Two pooled connections for the tools, and a breaker that opens after two connection failures, so a refusal
 * counted as one would show.
 */
class PostgresResultSizeTest {

    private static final long VALUE_BYTES = 20L * 1024 * 1024;
    private static final int POOL = 2;

    private static JdbcDatabase database;
    private static SqlGateway gateway;

    @BeforeAll
    static void openDatabase() {
        // array_agg over 1.6 million rows takes real time: a busy machine must not make it a statement timeout
        database = PostgresDatabases.open(PostgresServer.shared(), POOL, Duration.ofSeconds(60));
        gateway = database.sqlGateway();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    private static QueryResult read(String sql) {
        return gateway.execute(new SqlStatement(sql, List.of()), AccessMode.READ_ONLY, 10);
    }

    @Test
    void anArrayPastTheResultBudgetIsCutBeforeItsElementsAreBuilt() {
        // 1.6 million small numbers: about 8 MB of text, which the driver would turn into an object per element
        // (hundreds of MB) before the converted list could be measured
        String sql = "SELECT array_agg(1000 + g % 9000) FROM generate_series(1, 1600000) g";
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        QueryResult result = read(sql);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(result.truncated()).isTrue();
        assertThat(result.rows()).isEmpty();
        assertThat(allocated).as("bytes allocated reading it").isLessThan(100L * 1024 * 1024);
    }

    @Test
    void aTextValueLargerThanTheLimitIsRefusedAsTooLarge() {
        assertThat(VALUE_BYTES).isGreaterThan(RowReader.MAX_RESULT_BYTES);

        assertThatThrownBy(() -> read("SELECT repeat('x', " + VALUE_BYTES + ")"))
                .isInstanceOfSatisfying(SqlStatementException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SqlFailure.RESULT_TOO_LARGE);
                    assertThat(e.sqlState()).isEmpty();
                    assertThat(e.getMessage()).doesNotContain("repeat");
                });
    }

    @Test
    void aBinaryValueLargerThanTheLimitIsRefusedAsTooLarge() {
        // half the bytes, sent as hex: twice as many on the wire
        assertThatThrownBy(() -> read("SELECT convert_to(repeat('x', " + VALUE_BYTES / 2 + "), 'UTF8')"))
                .isInstanceOfSatisfying(
                        SqlStatementException.class,
                        e -> assertThat(e.failure()).isEqualTo(SqlFailure.RESULT_TOO_LARGE));
    }

    @Test
    void aTooLargeValueInABatchNamesItsStatement() {
        List<SqlStatement> batch = List.of(
                new SqlStatement("SELECT 1", List.of()),
                new SqlStatement("SELECT repeat('x', " + VALUE_BYTES + ")", List.of()));

        assertThatThrownBy(() -> gateway.executeBatch(batch, AccessMode.READ_ONLY, 10))
                .isInstanceOfSatisfying(SqlStatementException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SqlFailure.RESULT_TOO_LARGE);
                    assertThat(e.statementIndex()).hasValue(1);
                });
    }

    @Test
    void everyPooledConnectionServesTheNextQueryAfterRefusals() {
        for (int i = 0; i < POOL + 1; i++) {
            assertThatThrownBy(() -> read("SELECT repeat('x', " + VALUE_BYTES + ")"))
                    .isInstanceOf(SqlStatementException.class);
        }

        for (int i = 0; i < POOL * 3; i++) {
            assertThat(read("SELECT 41 + 1").rows()).containsExactly(List.of(42L));
        }
    }

    @Test
    void refusalsDoNotOpenTheBreakerNorTurnHealthDown() {
        // more refusals in a row than the breaker's threshold of connection failures (2)
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> read("SELECT repeat('x', " + VALUE_BYTES + ")"))
                    .isInstanceOf(SqlStatementException.class);
        }

        ComponentHealth health = database.healthIndicator().check();
        assertThat(health.status()).isEqualTo(ComponentStatus.UP);
        assertThat(health.details()).containsEntry("circuit", "closed");
        assertThat(read("SELECT 1").rows()).hasSize(1);
    }

    @Test
    void resultsUnderTheLimitAddingUpToMoreThanItAllRun() {
        // 24 results of 500 000 characters each: about 12 MB through two connections, each result well under the limit
        for (int i = 0; i < 24; i++) {
            QueryResult result = read("SELECT repeat('x', 500000)");
            assertThat(result.truncated()).isFalse();
            assertThat((String) result.rows().get(0).get(0)).hasSize(500_000);
        }
    }

    @Test
    void aResultOfManyRowsIsStillCutAtTheSizeBudgetNotRefused() {
        // 1 000 rows of 20 000 characters: 20 MB in all, fetched a hundred rows (2 MB) at a time
        QueryResult result = gateway.execute(
                new SqlStatement("SELECT repeat('x', 20000) FROM generate_series(1, 1000)", List.of()),
                AccessMode.READ_ONLY,
                1000);

        assertThat(result.truncated()).isTrue();
        assertThat(result.rows()).hasSizeBetween(1, 50);
    }
}
