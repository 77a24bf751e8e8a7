package dev.bulwark.tools.business.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ToolException;
import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlFailure;
import dev.bulwark.ports.sql.SqlGateway;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.SqlStatementException;
import dev.bulwark.ports.sql.TableListing;
import dev.bulwark.ports.sql.TableSchema;
import dev.bulwark.tools.data.sql.SqlGatewayAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQL service's rules, on a recording gateway: what reaches the database, in which mode, and what does not. */
class SqlServiceTest {

    private final RecordingGateway gateway = new RecordingGateway();

    private SqlService service(boolean allowWrites) {
        SqlToolSettings settings = SqlToolSettings.builder()
                .allowWrites(allowWrites)
                .batchMaxOperations(3)
                .build();
        return new SqlService(new SqlGatewayAccess(gateway), new StatementPolicy(gateway.allowedSchemas()), settings);
    }

    private static SqlOperation op(String sql, Object... parameters) {
        return new SqlOperation(sql, List.of(parameters));
    }

    @Test
    void aReadRunsReadOnlyEvenForAWriter() {
        service(true).execute(op("SELECT 1"), false);

        assertThat(gateway.modes).containsExactly(AccessMode.READ_ONLY);
    }

    @Test
    void aCallerWithTheWriteScopeOnAWritableServerRunsReadWrite() {
        service(true).execute(op("UPDATE accounts SET name = ? WHERE id = ?", "x", 1L), true);

        assertThat(gateway.modes).containsExactly(AccessMode.READ_WRITE);
    }

    @Test
    void aRecursiveQueryIsRefusedBeforeADatabaseThatCannotBoundIt() {
        gateway.boundsRecursion = false;

        assertThatThrownBy(() -> service(false)
                        .execute(
                                op("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL"
                                        + " SELECT n + 1 FROM r) SELECT count(*) FROM r"),
                                false))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("recursive queries");
        assertThat(gateway.statements).isEmpty();
    }

    @Test
    void aResultTooLargeNamesTheGatewaysLimitWithoutTheStatement() {
        gateway.failure = new SqlStatementException(SqlFailure.RESULT_TOO_LARGE, "", OptionalInt.empty(), null);

        assertThatThrownBy(() -> service(false).execute(op("SELECT repeat('secret', 99999999)"), false))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("larger than 8388608 bytes")
                .hasMessageContaining("fewer or smaller columns")
                .hasMessageNotContaining("repeat")
                .hasMessageNotContaining("SQLSTATE");
    }

    @Test
    void aRecursiveQueryRunsOnADatabaseThatBoundsIt() {
        service(false)
                .execute(
                        op("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)"
                                + " SELECT n FROM r"),
                        false);

        assertThat(gateway.statements).hasSize(1);
    }

    @Test
    void aWriteOnAReadOnlyServerIsRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> service(false).execute(op("DELETE FROM accounts"), true))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("database.allow-writes");
        assertThat(gateway.statements).isEmpty();
    }

    @Test
    void aWriteWithoutTheWriteScopeIsRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> service(true).execute(op("DELETE FROM accounts"), false))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("sql:write");
        assertThat(gateway.statements).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE FROM accounts",
                "UPDATE accounts SET name = 'x'",
                "DELETE FROM accounts USING orders",
                "UPDATE accounts SET name = o.name FROM orders o",
                "WITH gone AS (DELETE FROM accounts RETURNING id) SELECT * FROM gone",
                "WITH changed AS (UPDATE accounts SET name = 'x' RETURNING id) SELECT count(*) FROM changed",
                "WITH t AS (SELECT 1) DELETE FROM accounts",
                "INSERT INTO archive WITH gone AS (DELETE FROM accounts RETURNING *) SELECT * FROM gone",
                "SELECT * FROM (WITH gone AS (DELETE FROM accounts RETURNING id) SELECT id FROM gone) g",
                "WITH gone AS (DELETE FROM accounts WHERE id = 1 RETURNING id), all_gone AS (DELETE FROM orders"
                        + " RETURNING id) SELECT * FROM gone",
            })
    void aWriteWithoutWhereIsRefusedInWriteModeSayingWhyAndWhatToDo(String sql) {
        assertThatThrownBy(() -> service(true).execute(op(sql), true))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("no WHERE clause")
                .hasMessageContaining("every row")
                .hasMessageContaining("add a WHERE clause")
                .hasMessageContaining("database.allow-writes-without-where");
        assertThat(gateway.statements).isEmpty();
    }

    @Test
    void aWriteWithoutWhereNamesTheStatementAndTheTable() {
        assertThatThrownBy(() -> service(true).execute(op("UPDATE sales.orders SET total = 0"), true))
                .hasMessageContaining("UPDATE sales.orders has no WHERE clause");
    }

    @Test
    void aWriteWithoutWhereInABatchIsRefusedNamingTheOperationAndNothingRuns() {
        assertThatThrownBy(() -> service(true)
                        .executeBatch(
                                List.of(op("INSERT INTO accounts (name) VALUES ('a')"), op("DELETE FROM accounts")),
                                true))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageStartingWith("Operation 2 of 2: ")
                .hasMessageContaining("no WHERE clause");
        assertThat(gateway.statements).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DELETE FROM accounts WHERE id = ?",
                "UPDATE accounts SET name = 'x' WHERE id = ?",
                "WITH gone AS (DELETE FROM accounts WHERE id = ? RETURNING id) SELECT * FROM gone",
                "INSERT INTO accounts (name) VALUES (?)",
            })
    void aWriteWithWhereRunsInWriteMode(String sql) {
        service(true).execute(op(sql, 1L), true);

        assertThat(gateway.statements).hasSize(1);
    }

    @Test
    void aWriteWithoutWhereRunsWhenTheOperatorAllowsIt() {
        SqlToolSettings settings = SqlToolSettings.builder()
                .allowWrites(true)
                .allowWritesWithoutWhere(true)
                .build();
        SqlService service =
                new SqlService(new SqlGatewayAccess(gateway), new StatementPolicy(Set.of("public")), settings);

        service.execute(op("DELETE FROM accounts"), true);
        service.execute(op("WITH t AS (UPDATE accounts SET name = 'x' RETURNING id) SELECT * FROM t"), true);

        assertThat(gateway.statements).hasSize(2);
    }

    @Test
    void theDefaultRefusesWritesWithoutWhere() {
        assertThat(SqlToolSettings.defaults().allowWritesWithoutWhere()).isFalse();
    }

    @Test
    void theNumberOfValuesMustMatchThePlaceholders() {
        assertThatThrownBy(() -> service(false).execute(op("SELECT ? + ?", 1L), false))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("2 ? placeholder(s) but 1");
    }

    @Test
    void theRowLimitIsPassedToTheDatabase() {
        service(false).execute(op("SELECT 1"), false);

        assertThat(gateway.maxRows).containsExactly(SqlToolSettings.DEFAULT_ROW_LIMIT);
    }

    @Test
    void aDatabaseRefusalIsDescribedInFixedWordsWithoutTheDatabasesText() {
        gateway.failure = new SqlStatementException(
                SqlFailure.UNDEFINED_OBJECT,
                "42P01",
                OptionalInt.empty(),
                new RuntimeException("relation \"secret_table\" does not exist at host db.internal"));

        assertThatThrownBy(() -> service(false).execute(op("SELECT * FROM nope"), false))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("42P01")
                .hasMessageNotContaining("secret_table")
                .hasMessageNotContaining("db.internal");
    }

    @Test
    void aStatementCancelledAtTheStatementTimeoutEndsAsATimeout() {
        gateway.failure = new SqlStatementException(
                SqlFailure.TIMEOUT,
                "57014",
                OptionalInt.empty(),
                new RuntimeException("canceling statement due to statement timeout at host db.internal"));

        assertThatThrownBy(() -> service(false).execute(op("SELECT pg_sleep(60)"), false))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.errorType()).isEqualTo("timeout"))
                .hasMessageContaining("ran longer than the statement timeout of 10000 ms")
                .hasMessageNotContaining("pg_sleep")
                .hasMessageNotContaining("db.internal");
    }

    @Test
    void aBatchStatementCancelledAtTheStatementTimeoutEndsAsATimeoutNamingTheOperation() {
        gateway.failure = new SqlStatementException(SqlFailure.TIMEOUT, "57014", OptionalInt.of(1), null);

        assertThatThrownBy(() -> service(false).executeBatch(List.of(op("SELECT 1"), op("SELECT pg_sleep(60)")), false))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.errorType()).isEqualTo("timeout"))
                .hasMessageStartingWith("Operation 2 of 2 failed; nothing was committed.");
    }

    @Test
    void aDatabaseRefusalOtherThanATimeoutStaysSqlRefused() {
        gateway.failure = new SqlStatementException(SqlFailure.CONFLICT, "40P01", OptionalInt.empty(), null);

        assertThatThrownBy(() -> service(false).execute(op("SELECT 1"), false))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.errorType()).isEqualTo("sql_refused"));
    }

    @Test
    void aBatchOverTheLimitIsRefused() {
        assertThatThrownBy(() -> service(true)
                        .executeBatch(List.of(op("SELECT 1"), op("SELECT 2"), op("SELECT 3"), op("SELECT 4")), true))
                .hasMessageContaining("at most 3 operations");
        assertThat(gateway.statements).isEmpty();
    }

    @Test
    void aBatchWithTransactionControlIsRefusedNamingTheOperation() {
        assertThatThrownBy(() -> service(true).executeBatch(List.of(op("SELECT 1"), op("COMMIT")), true))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageStartingWith("Operation 2 of 2");
        assertThat(gateway.statements).isEmpty();
    }

    @Test
    void aFailingBatchNamesTheFailingOperation() {
        gateway.failure = new SqlStatementException(SqlFailure.CONSTRAINT_VIOLATION, "23505", OptionalInt.of(1), null);

        assertThatThrownBy(() -> service(true).executeBatch(List.of(op("SELECT 1"), op("SELECT 2")), true))
                .hasMessageStartingWith("Operation 2 of 2 failed; nothing was committed.");
    }

    @Test
    void anUnqualifiedTableIsLookedUpInEveryAllowedSchema() {
        gateway.tables.put("sales.orders", new TableSchema("sales", "orders", List.of(), List.of(), List.of()));

        assertThat(service(false).describeTable("orders").schema()).isEqualTo("sales");
    }

    @Test
    void aTableInASchemaNotAllowedIsRefused() {
        assertThatThrownBy(() -> service(false).describeTable("pg_catalog.pg_authid"))
                .hasMessageContaining("not one the SQL tools may use");
    }

    @Test
    void anUnknownTableIsNotFound() {
        assertThatThrownBy(() -> service(false).describeTable("nope")).isInstanceOf(TableNotFoundException.class);
    }

    @Test
    void aTableNameHoldingANulIsRefusedBeforeTheDatabaseIsAsked() {
        // PostgreSQL refuses a NUL in any text value (SQLSTATE 22021): the catalog look-up failed as an internal
        // error. No table can have such a name.
        gateway.tables.put(
                "public.i\u0000tems", new TableSchema("public", "i\u0000tems", List.of(), List.of(), List.of()));

        assertThatThrownBy(() -> service(false).describeTable("i\u0000tems"))
                .isInstanceOf(ToolException.class)
                .hasMessage("table_name must not contain a NUL character (\\u0000).");
    }

    @Test
    void aTableLookUpCancelledAtTheStatementTimeoutEndsAsATimeoutLikeAQuery() {
        gateway.failure = new SqlStatementException(
                SqlFailure.TIMEOUT,
                "57014",
                OptionalInt.empty(),
                new RuntimeException("canceling statement due to statement timeout at host db.internal"));
        String queryMessage = catchThrowableOfType(
                        ToolException.class, () -> service(false).execute(op("SELECT * FROM orders"), false))
                .getMessage();

        assertThatThrownBy(() -> service(false).describeTable("public.orders"))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.errorType()).isEqualTo("timeout"))
                .hasMessage("Describing table 'public.orders' failed. " + queryMessage)
                .hasMessageContaining("ran longer than the statement timeout of 10000 ms")
                .hasMessageNotContaining("db.internal");
    }

    @Test
    void aTableLookUpTheDatabaseRefusesIsSqlRefusedInFixedWords() {
        gateway.failure = new SqlStatementException(
                SqlFailure.PERMISSION_DENIED,
                "42501",
                OptionalInt.empty(),
                new RuntimeException("permission denied for table secret_table"));

        assertThatThrownBy(() -> service(false).describeTable("orders"))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.errorType()).isEqualTo("sql_refused"))
                .hasMessageContaining("42501")
                .hasMessageNotContaining("secret_table");
    }

    @Test
    void aMixedCaseNameFallsBackToLowerCase() {
        gateway.tables.put("public.orders", new TableSchema("public", "orders", List.of(), List.of(), List.of()));

        assertThat(service(false).describeTable("Orders").name()).isEqualTo("orders");
    }

    @Test
    void listingTablesAsksForEveryAllowedSchemaAndNoOther() {
        service(false).listTables(Optional.empty());

        assertThat(gateway.listedSchemas).containsExactly(Set.of("public", "sales"));
        assertThat(gateway.listedMax).containsExactly(SqlService.MAX_LISTED_TABLES);
    }

    @Test
    void listingOneAllowedSchemaAsksForThatSchemaOnly() {
        service(false).listTables(Optional.of("sales"));

        assertThat(gateway.listedSchemas).containsExactly(Set.of("sales"));
    }

    @Test
    void listingASchemaNotAllowedIsRefusedBeforeTheDatabaseIsAsked() {
        assertThatThrownBy(() -> service(false).listTables(Optional.of("bulwark")))
                .isInstanceOf(ToolException.class)
                .hasMessage("Schema 'bulwark' is not one the SQL tools may use (allowed: public, sales).");
        assertThat(gateway.listedSchemas).isEmpty();
    }

    @Test
    void aListingTheDatabaseRefusesIsSqlRefusedInFixedWords() {
        gateway.failure = new SqlStatementException(
                SqlFailure.PERMISSION_DENIED,
                "42501",
                OptionalInt.empty(),
                new RuntimeException("permission denied for schema secret_schema"));

        assertThatThrownBy(() -> service(false).listTables(Optional.empty()))
                .isInstanceOfSatisfying(
                        ToolException.class, e -> assertThat(e.errorType()).isEqualTo("sql_refused"))
                .hasMessageStartingWith("Listing the tables failed. ")
                .hasMessageContaining("42501")
                .hasMessageNotContaining("secret_schema");
    }

    /** Records what reaches it and answers with empty results, a set failure, or the tables it was given. */
    private static final class RecordingGateway implements SqlGateway {
        final List<SqlStatement> statements = new ArrayList<>();
        final List<AccessMode> modes = new ArrayList<>();
        final List<Integer> maxRows = new ArrayList<>();
        final Map<String, TableSchema> tables = new java.util.HashMap<>();
        final List<Set<String>> listedSchemas = new ArrayList<>();
        final List<Integer> listedMax = new ArrayList<>();
        SqlStatementException failure;
        boolean boundsRecursion = true;

        @Override
        public Set<String> allowedSchemas() {
            return Set.of("public", "sales");
        }

        @Override
        public Duration statementTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration connectionTimeout() {
            return Duration.ofSeconds(3);
        }

        @Override
        public TableListing listTables(Set<String> schemas, int maxTables) {
            listedSchemas.add(schemas);
            listedMax.add(maxTables);
            if (failure != null) {
                throw failure;
            }
            return new TableListing(List.of(), false);
        }

        @Override
        public boolean boundsRecursiveQueries() {
            return boundsRecursion;
        }

        @Override
        public long maxResultBytes() {
            return 8_388_608;
        }

        @Override
        public QueryResult execute(SqlStatement statement, AccessMode mode, int rows) {
            return executeBatch(List.of(statement), mode, rows).get(0);
        }

        @Override
        public List<QueryResult> executeBatch(List<SqlStatement> batch, AccessMode mode, int rows) {
            statements.addAll(batch);
            modes.add(mode);
            maxRows.add(rows);
            if (failure != null) {
                throw failure;
            }
            return batch.stream().map(statement -> QueryResult.updated(0)).toList();
        }

        @Override
        public Optional<TableSchema> describeTable(String schema, String table) {
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(tables.get(schema + "." + table));
        }
    }
}
