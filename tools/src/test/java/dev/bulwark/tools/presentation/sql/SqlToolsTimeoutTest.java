package dev.bulwark.tools.presentation.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** batch_operations' timeout: long enough for the database to finish every batch it is allowed to run. */
class SqlToolsTimeoutTest {

    private static Duration batchTimeout(Duration statementTimeout, int batchMaxOperations) {
        return SqlTools.batchTimeout(statementTimeout, Duration.ofSeconds(3), batchMaxOperations);
    }

    @Test
    void aBatchMayRunEveryStatementToTheStatementTimeoutBeforeItIsCancelled() {
        // The probe's case: 11 statements of 2.6 s each under a 3 s statement timeout took about 29 s, past the
        // 24 s the tool allowed (three statements' worth), and committed after the client was told "cancelled".
        Duration timeout = batchTimeout(Duration.ofSeconds(3), 20);

        assertThat(timeout)
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3).multipliedBy(20).plusSeconds(3));
        assertThat(timeout).isEqualTo(Duration.ofSeconds(4 * 20 + 3 + 2));
    }

    @Test
    void aOneStatementBatchGetsOneStatementsBudget() {
        assertThat(batchTimeout(Duration.ofSeconds(10), 1)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void theBatchTimeoutIsBoundedHoweverLargeTheBatchMayBe() {
        assertThat(batchTimeout(Duration.ofSeconds(30), 1_000)).isEqualTo(SqlTools.BATCH_TIMEOUT_CAP);
    }

    @Test
    void theBoundNeverCutsBelowOneStatementsBudget() {
        Duration statement = SqlTools.BATCH_TIMEOUT_CAP.plusMinutes(5);

        assertThat(batchTimeout(statement, 3))
                .isEqualTo(statement.plusSeconds(3).plusSeconds(2));
    }
}
