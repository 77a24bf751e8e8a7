package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ports.sql.AccessMode;
import dev.bulwark.ports.sql.QueryResult;
import dev.bulwark.ports.sql.SqlStatement;
import dev.bulwark.ports.sql.TableSummary;
import dev.bulwark.ports.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The embedded database's sample tables, which give a first query something to find. */
class H2SampleDataTest {

    private static QueryResult read(JdbcDatabase database, String sql) {
        return database.sqlGateway().execute(new SqlStatement(sql, List.of()), AccessMode.READ_ONLY, 100);
    }

    @Test
    void theSqlToolsReadTheSampleTablesInPublic() {
        try (JdbcDatabase database = H2Databases.open()) {
            QueryResult customers = read(database, "SELECT id, name FROM sample_customers ORDER BY id");
            QueryResult orders = read(
                    database,
                    "SELECT count(*) FROM sample_orders o" + " JOIN sample_customers c ON c.id = o.customer_id");

            assertThat(customers.rows()).hasSize(5).first().isEqualTo(List.of(1L, "Ada Lovelace"));
            assertThat(orders.rows()).containsExactly(List.of(8L));
        }
    }

    @Test
    void theSampleTablesAreListedWithTheirColumns() {
        try (JdbcDatabase database = H2Databases.open()) {
            List<TableSummary> tables =
                    database.sqlGateway().listTables(Set.of("public"), 100).tables();

            assertThat(tables).extracting(TableSummary::name).containsExactly("sample_customers", "sample_orders");
            assertThat(tables.get(1).columns())
                    .extracting(column -> column.name() + " " + column.dataType())
                    .containsExactly(
                            "id integer",
                            "customer_id integer",
                            "ordered_on date",
                            "status character varying(20)",
                            "total numeric(10,2)");
        }
    }

    @Test
    void noSampleTableIsCreatedWhenTheSqlToolsMayNotUsePublic() {
        DatabaseSettings options = DatabaseSettings.builder()
                .url(Optional.empty())
                .poolSize(2)
                .connectionTimeout(Duration.ofSeconds(2))
                .statementTimeout(Duration.ofSeconds(1))
                .allowedSchemas(Set.of("sales"))
                .build();
        try (JdbcDatabase database = JdbcDatabase.open(options, Ticker.system())) {
            Object count = new Owner(database.ownerPool())
                    .query("SELECT count(*) FROM information_schema.tables" + " WHERE table_name LIKE 'sample%'");

            assertThat(((Number) count).longValue()).isZero();
        }
    }
}
