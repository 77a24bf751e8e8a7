package dev.bulwark.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.ForeignKey;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.ResultColumn;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import dev.bulwark.ports.sql.TableColumn;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import dev.bulwark.ports.sql.TableSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SqlGateway} must have, against a real database; extend it once per implementation.
 */
public abstract class SqlGatewayContract {

    protected SqlGateway gateway;

    /** The gateway under test; it runs statements in {@link #schema()}. */
    protected abstract SqlGateway createGateway();

    /** Runs one statement as the owner of the schema, outside the gateway. */
    protected abstract void executeAsOwner(String sql);

    /** Runs one query as the owner and returns the first column of the first row. */
    protected abstract Object queryAsOwner(String sql);

    /** Grants the SQL tools' roles what they need on {@code table} (read for the reader, write for the writer). */
    protected abstract void grantToSqlRoles(String table);

    /** A read-only statement that runs well past the gateway's statement timeout (a few seconds at most). */
    protected abstract String slowStatement();

    /** The schema the fixture lives in; one the gateway may use. */
    protected String schema() {
        return "public";
    }

    @BeforeEach
    void createFixture() {
        gateway = createGateway();
        executeAsOwner("DROP VIEW IF EXISTS contract_order_totals");
        executeAsOwner("DROP TABLE IF EXISTS contract_orders");
        executeAsOwner("DROP TABLE IF EXISTS contract_customers");
        executeAsOwner("CREATE TABLE contract_customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " tier VARCHAR(20) DEFAULT 'basic')");
        executeAsOwner("CREATE TABLE contract_orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
                + " amount NUMERIC(10,2), CONSTRAINT contract_orders_customer_fk FOREIGN KEY (customer_id)"
                + " REFERENCES contract_customers (id))");
        executeAsOwner(
                "INSERT INTO contract_customers VALUES (1, 'Ada', 'gold'), (2, 'Bob', 'basic')," + " (3, 'Cy', NULL)");
        executeAsOwner("INSERT INTO contract_orders VALUES (10, 1, 9.50), (11, 1, 20.00), (12, 2, 5.25)");
        executeAsOwner("CREATE VIEW contract_order_totals AS SELECT customer_id, sum(amount) AS total"
                + " FROM contract_orders GROUP BY customer_id");
        grantToSqlRoles("contract_customers");
        grantToSqlRoles("contract_orders");
        grantToSqlRoles("contract_order_totals");
    }

    protected long ownerCount(String table) {
        return ((Number) queryAsOwner("SELECT count(*) FROM " + table)).longValue();
    }

    private QueryResult read(String sql, Object... parameters) {
        return gateway.execute(new SqlStatement(sql, Arrays.asList(parameters)), AccessMode.READ_ONLY, 100);
    }

    private QueryResult write(String sql, Object... parameters) {
        return gateway.execute(new SqlStatement(sql, Arrays.asList(parameters)), AccessMode.READ_WRITE, 100);
    }

    @Test
    void readsRowsWithTheirColumns() {
        QueryResult result = read("SELECT id, name FROM contract_customers ORDER BY id");

        assertThat(result.columns()).extracting(ResultColumn::name).containsExactly("id", "name");
        assertThat(result.rows()).containsExactly(List.of(1L, "Ada"), List.of(2L, "Bob"), List.of(3L, "Cy"));
        assertThat(result.truncated()).isFalse();
        assertThat(result.updateCount()).isEmpty();
    }

    @Test
    void returnsNullsAsNull() {
        QueryResult result = read("SELECT tier FROM contract_customers WHERE id = 3");

        assertThat(result.rows()).containsExactly(Arrays.asList((Object) null));
    }

    @Test
    void returnsDecimalsExactly() {
        QueryResult result = read("SELECT amount FROM contract_orders WHERE id = 12");

        assertThat((BigDecimal) result.rows().get(0).get(0)).isEqualByComparingTo("5.25");
    }

    @Test
    void returnsJsonAsItsText() {
        QueryResult result = read("SELECT JSON '{\"a\":1}' AS doc");

        assertThat(result.rows().get(0).get(0)).isEqualTo("{\"a\":1}");
    }

    @Test
    void returnsATimestampWithTimeZoneAsTextWithItsOffset() {
        QueryResult result = read("SELECT CAST('2024-03-10 02:30:00+05:30' AS TIMESTAMP WITH TIME ZONE) AS at");

        assertThat(result.rows().get(0).get(0))
                .isInstanceOfSatisfying(
                        String.class,
                        text -> assertThat(instantOf(text)).isEqualTo(Instant.parse("2024-03-09T21:00:00Z")));
    }

    @Test
    void returnsATimestampWithoutTimeZoneAsWritten() {
        QueryResult result = read("SELECT CAST('2024-03-10 02:30:00' AS TIMESTAMP) AS at");

        assertThat(result.rows().get(0).get(0)).isEqualTo("2024-03-10 02:30:00");
    }

    @Test
    void returnsATimeWithItsMicroseconds() {
        QueryResult result = read("SELECT CAST('23:59:59.999999' AS TIME(6)) AS at");

        assertThat(result.rows().get(0).get(0)).isEqualTo("23:59:59.999999");
    }

    @Test
    void returnsADateAsWritten() {
        QueryResult result = read("SELECT CAST('2024-02-29' AS DATE) AS d");

        assertThat(result.rows().get(0).get(0)).isEqualTo("2024-02-29");
    }

    /** The instant of a database's timestamp text, {@code 2024-03-09 21:00:00+00} or with {@code +05:30}. */
    private static Instant instantOf(String text) {
        String iso = text.trim().replace(' ', 'T');
        if (iso.matches(".*[+-]\\d\\d$")) {
            iso = iso + ":00";
        }
        return OffsetDateTime.parse(iso).toInstant();
    }

    @Test
    void returnsADecimalBeyondADoublesRangeAsText() {
        QueryResult result = read("SELECT CAST('1e400' AS NUMERIC) AS huge");

        assertThat(result.rows().get(0).get(0))
                .isInstanceOfSatisfying(
                        String.class, text -> assertThat(new BigDecimal(text)).isEqualByComparingTo("1e400"));
    }

    @Test
    void bindsTextAsAValueNeverAsSql() {
        QueryResult result = read("SELECT id FROM contract_customers WHERE name = ?", "x' OR '1'='1");

        assertThat(result.rows()).isEmpty();
    }

    @Test
    void bindsNumbersBooleansAndNulls() {
        QueryResult result = read(
                "SELECT name FROM contract_customers WHERE id = ? AND ? AND (tier = ? OR tier IS NULL)",
                3L,
                true,
                null);

        assertThat(result.rows()).containsExactly(List.of("Cy"));
    }

    @Test
    void bindsDecimals() {
        QueryResult result =
                read("SELECT id FROM contract_orders WHERE amount > ? ORDER BY id", new BigDecimal("9.49"));

        assertThat(result.rows()).containsExactly(List.of(10L), List.of(11L));
    }

    @Test
    void capsRowsAtTheMaximumAndSaysSo() {
        QueryResult result = gateway.execute(
                SqlStatement.of("SELECT id FROM contract_customers ORDER BY id"), AccessMode.READ_ONLY, 2);

        assertThat(result.rows()).hasSize(2);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void aResultThatFitsExactlyIsNotTruncated() {
        QueryResult result =
                gateway.execute(SqlStatement.of("SELECT id FROM contract_customers"), AccessMode.READ_ONLY, 3);

        assertThat(result.rows()).hasSize(3);
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void readOnlyModeRefusesAWriteInTheDatabaseItself() {
        assertThatThrownBy(() -> read("DELETE FROM contract_orders"))
                .isInstanceOf(SqlStatementException.class)
                .satisfies(e -> assertThat(((SqlStatementException) e).failure())
                        .isIn(SqlFailure.READ_ONLY_VIOLATION, SqlFailure.PERMISSION_DENIED));
        assertThat(ownerCount("contract_orders")).isEqualTo(3);
    }

    @Test
    void readWriteModeCommitsAWrite() {
        QueryResult result = write("INSERT INTO contract_customers (id, name) VALUES (?, ?)", 4L, "Dee");

        assertThat(result.updateCount()).hasValue(1);
        assertThat(ownerCount("contract_customers")).isEqualTo(4);
    }

    @Test
    void aWriteAppliesColumnDefaults() {
        write("INSERT INTO contract_customers (id, name) VALUES (5, 'Eve')");

        assertThat(queryAsOwner("SELECT tier FROM contract_customers WHERE id = 5"))
                .isEqualTo("basic");
    }

    @Test
    void aConstraintViolationIsReportedAndChangesNothing() {
        assertThatThrownBy(() -> write("INSERT INTO contract_orders VALUES (13, 99, 1.00)"))
                .isInstanceOf(SqlStatementException.class)
                .extracting(e -> ((SqlStatementException) e).failure())
                .isEqualTo(SqlFailure.CONSTRAINT_VIOLATION);
        assertThat(ownerCount("contract_orders")).isEqualTo(3);
    }

    @Test
    void aBatchCommitsEveryStatementTogether() {
        List<QueryResult> results = gateway.executeBatch(
                List.of(
                        new SqlStatement("INSERT INTO contract_customers (id, name) VALUES (?, ?)", List.of(7L, "Gus")),
                        new SqlStatement("UPDATE contract_customers SET tier = 'gold' WHERE id = ?", List.of(7L)),
                        SqlStatement.of("SELECT tier FROM contract_customers WHERE id = 7")),
                AccessMode.READ_WRITE,
                100);

        assertThat(results).hasSize(3);
        assertThat(results.get(0).updateCount()).hasValue(1);
        assertThat(results.get(2).rows()).containsExactly(List.of("gold"));
        assertThat(queryAsOwner("SELECT tier FROM contract_customers WHERE id = 7"))
                .isEqualTo("gold");
    }

    @Test
    void aFailingBatchCommitsNothingAndNamesTheFailingStatement() {
        assertThatThrownBy(() -> gateway.executeBatch(
                        List.of(
                                SqlStatement.of("INSERT INTO contract_customers (id, name) VALUES (8, 'Hal')"),
                                SqlStatement.of("INSERT INTO contract_orders VALUES (14, 99, 1.00)")),
                        AccessMode.READ_WRITE,
                        100))
                .isInstanceOf(SqlStatementException.class)
                .satisfies(e ->
                        assertThat(((SqlStatementException) e).statementIndex()).hasValue(1));
        assertThat(ownerCount("contract_customers")).isEqualTo(3);
    }

    @Test
    void aReadOnlyBatchChangesNothing() {
        assertThatThrownBy(() -> gateway.executeBatch(
                        List.of(SqlStatement.of("SELECT 1"), SqlStatement.of("DELETE FROM contract_orders")),
                        AccessMode.READ_ONLY,
                        100))
                .isInstanceOf(SqlStatementException.class);
        assertThat(ownerCount("contract_orders")).isEqualTo(3);
    }

    @Test
    void aSlowStatementIsCancelledAtTheTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> read(slowStatement()))
                .isInstanceOf(SqlStatementException.class)
                .extracting(e -> ((SqlStatementException) e).failure())
                .isEqualTo(SqlFailure.TIMEOUT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void tellsTheSchemasItAllowsAndTheTimeoutsItEnforces() {
        assertThat(gateway.allowedSchemas()).contains(schema());
        assertThat(gateway.statementTimeout()).isPositive();
        assertThat(gateway.connectionTimeout()).isPositive();
    }

    @Test
    void theNextStatementAfterATimeoutRunsNormally() {
        assertThatThrownBy(() -> read(slowStatement()))
                .as("the statement before timed out")
                .isInstanceOf(SqlStatementException.class)
                .extracting(e -> ((SqlStatementException) e).failure())
                .isEqualTo(SqlFailure.TIMEOUT);

        assertThat(read("SELECT count(*) FROM contract_customers").rows()).containsExactly(List.of(3L));
    }

    @Test
    void anUnknownColumnIsReportedAsUndefined() {
        assertThatThrownBy(() -> read("SELECT nope FROM contract_customers"))
                .isInstanceOf(SqlStatementException.class)
                .extracting(e -> ((SqlStatementException) e).failure())
                .isEqualTo(SqlFailure.UNDEFINED_OBJECT);
    }

    @Test
    void aSubQueryOfTwoRowsUsedAsOneValueIsACardinalityViolation() {
        assertThatThrownBy(() -> read("SELECT name, (SELECT id FROM contract_orders WHERE customer_id = 1)"
                        + " FROM contract_customers WHERE id = 1"))
                .isInstanceOf(SqlStatementException.class)
                .extracting(e -> ((SqlStatementException) e).failure())
                .isEqualTo(SqlFailure.CARDINALITY_VIOLATION);
    }

    @Test
    void invalidSqlIsReportedAsSyntax() {
        assertThatThrownBy(() -> read("SELEC 1"))
                .isInstanceOf(SqlStatementException.class)
                .extracting(e -> ((SqlStatementException) e).failure())
                .isEqualTo(SqlFailure.SYNTAX);
    }

    @Test
    void describesColumnsInOrderWithNullabilityAndDefaults() {
        TableSchema table =
                gateway.describeTable(schema(), "contract_customers").orElseThrow();

        assertThat(table.schema()).isEqualTo(schema());
        assertThat(table.name()).isEqualTo("contract_customers");
        assertThat(table.columns()).extracting(TableColumn::name).containsExactly("id", "name", "tier");
        assertThat(table.columns()).extracting(TableColumn::nullable).containsExactly(false, false, true);
        assertThat(table.columns().get(2).defaultValue())
                .hasValueSatisfying(value -> assertThat(value).contains("basic"));
        assertThat(table.columns().get(0).defaultValue()).isEmpty();
    }

    @Test
    void describesThePrimaryKey() {
        assertThat(gateway.describeTable(schema(), "contract_customers")
                        .orElseThrow()
                        .primaryKey())
                .containsExactly("id");
    }

    @Test
    void describesForeignKeys() {
        List<ForeignKey> keys =
                gateway.describeTable(schema(), "contract_orders").orElseThrow().foreignKeys();

        assertThat(keys)
                .containsExactly(new ForeignKey(
                        "contract_orders_customer_fk",
                        List.of("customer_id"),
                        schema(),
                        "contract_customers",
                        List.of("id")));
    }

    @Test
    void describesNothingForAnUnknownTable() {
        assertThat(gateway.describeTable(schema(), "no_such_table")).isEmpty();
    }

    @Test
    void matchesTheTableNameExactlyNotAsAPattern() {
        assertThat(gateway.describeTable(schema(), "contract_customer_")).isEmpty();
        assertThat(gateway.describeTable(schema(), "contract%")).isEmpty();
    }

    @Test
    void aTableNameIsNeverExecuted() {
        Optional<TableSchema> found =
                gateway.describeTable(schema(), "contract_customers; DROP TABLE contract_orders; --");

        assertThat(found).isEmpty();
        assertThat(ownerCount("contract_orders")).isEqualTo(3);
    }

    @Test
    void describesNothingInAnotherSchema() {
        assertThat(gateway.describeTable("no_such_schema", "contract_customers"))
                .isEmpty();
    }

    private TableSummary listed(String table) {
        return gateway.listTables(Set.of(schema()), 10_000).tables().stream()
                .filter(summary -> summary.name().equals(table))
                .findFirst()
                .orElseThrow(() -> new AssertionError(table + " was not listed"));
    }

    @Test
    void listsATableWithItsColumnsInOrder() {
        TableSummary customers = listed("contract_customers");

        assertThat(customers.schema()).isEqualTo(schema());
        assertThat(customers.kind()).isEqualTo(TableSummary.Kind.TABLE);
        assertThat(customers.columns()).extracting(TableColumn::name).containsExactly("id", "name", "tier");
        assertThat(customers.columns()).extracting(TableColumn::nullable).containsExactly(false, false, true);
        assertThat(customers.columns())
                .allSatisfy(column -> assertThat(column.dataType()).isNotBlank());
        assertThat(customers.columns().get(2).defaultValue())
                .hasValueSatisfying(value -> assertThat(value).contains("basic"));
    }

    @Test
    void listsAViewAsAView() {
        TableSummary totals = listed("contract_order_totals");

        assertThat(totals.kind()).isEqualTo(TableSummary.Kind.VIEW);
        assertThat(totals.columns()).extracting(TableColumn::name).containsExactly("customer_id", "total");
    }

    @Test
    void listsTablesInSchemaAndNameOrder() {
        List<String> names = gateway.listTables(Set.of(schema()), 10_000).tables().stream()
                .map(TableSummary::name)
                .toList();

        assertThat(names).contains("contract_customers", "contract_order_totals", "contract_orders");
        assertThat(names).isSortedAccordingTo(String::compareTo);
    }

    @Test
    void listsOnlyTheSchemasAskedFor() {
        TableListing listing = gateway.listTables(Set.of(schema()), 10_000);

        assertThat(listing.tables()).extracting(TableSummary::schema).containsOnly(schema());
        assertThat(listing.truncated()).isFalse();
    }

    @Test
    void listsNothingInASchemaThatDoesNotExist() {
        assertThat(gateway.listTables(Set.of("no_such_schema"), 100).tables()).isEmpty();
    }

    @Test
    void listsNothingOfTheServersOwnSchema() {
        assertThat(gateway.listTables(Set.of("bulwark"), 100).tables()).isEmpty();
    }

    @Test
    void aSchemaNameIsAValueNeverSql() {
        TableListing listing = gateway.listTables(Set.of(schema() + "') OR ('1' = '1"), 100);

        assertThat(listing.tables()).isEmpty();
        assertThat(ownerCount("contract_orders")).isEqualTo(3);
    }

    @Test
    void capsTheListingAtTheMaximumAndSaysSo() {
        TableListing listing = gateway.listTables(Set.of(schema()), 1);

        assertThat(listing.tables()).hasSize(1);
        assertThat(listing.truncated()).isTrue();
    }
}
