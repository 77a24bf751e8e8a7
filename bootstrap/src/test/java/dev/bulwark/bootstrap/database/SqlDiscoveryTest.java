package dev.bulwark.bootstrap.database;

import static dev.bulwark.bootstrap.database.DatabaseServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.OutputSchemaCheck;
import dev.bulwark.core.Tool;
import dev.bulwark.postgres.JdbcDatabase;
import dev.bulwark.postgres.PostgresDatabases;
import dev.bulwark.postgres.PostgresServer;
import dev.bulwark.test.TestCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What a caller finds with the SQL tools, through the full pipeline: on the embedded default, sample tables it can
 * list and query at once; on PostgreSQL, the tables of the allowed schemas its read-only role may read, and nothing
 * of the server's own schema.
 */
class SqlDiscoveryTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tables(CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isFalse();
        return (List<Map<String, Object>>) ((Map<String, Object>) result.structuredContent()).get("tables");
    }

    private static List<String> names(CallToolResult result) {
        return tables(result).stream()
                .map(table -> table.get("schema") + "." + table.get("name"))
                .toList();
    }

    @Nested
    class OnTheEmbeddedDefault {

        private final ServerComponent component =
                DaggerServerComponent.factory().create(ServerConfig.defaults());

        @AfterEach
        void close() {
            component.bulwark().close();
            component.database().close();
        }

        private CallToolResult call(String tool, Map<String, Object> arguments) {
            Bulwark bulwark = component.bulwark();
            Tool<?, ?> found = bulwark.tools().stream()
                    .filter(candidate -> candidate.name().equals(tool))
                    .findFirst()
                    .orElseThrow();
            return OutputSchemaCheck.fits(found, bulwark.call(found, arguments, new TestCallContext(tool, "sql:read")));
        }

        @Test
        void listTablesShowsTheSampleTablesWithTheirColumns() {
            CallToolResult result = call("list_tables", Map.of());

            assertThat(names(result)).containsExactly("public.sample_customers", "public.sample_orders");
            List<?> columns = (List<?>) tables(result).get(0).get("columns");
            assertThat(columns.stream().map(column -> (Object) ((Map<?, ?>) column).get("name")))
                    .containsExactly("id", "name", "country", "joined_on");
            assertThat(text(result)).startsWith("2 table(s) the SQL tools may read.");
        }

        @Test
        void theFirstQueryOfTheDocsFindsRows() {
            CallToolResult result =
                    call("execute_query", Map.of("query", "SELECT name, country FROM sample_customers ORDER BY id"));

            assertThat(result.isError()).as(text(result)).isFalse();
            @SuppressWarnings("unchecked")
            Map<String, Object> statement =
                    (Map<String, Object>) ((Map<String, Object>) result.structuredContent()).get("result");
            assertThat(statement.get("rowCount")).isEqualTo(5);
            assertThat(text(result)).contains("Ada Lovelace");
        }

        @Test
        void theSampleOrdersJoinTheirCustomers() {
            CallToolResult result = call(
                    "execute_query",
                    Map.of(
                            "query",
                            "SELECT c.name, sum(o.total) AS spent FROM sample_orders o JOIN sample_customers c"
                                    + " ON c.id = o.customer_id WHERE o.status <> ? GROUP BY c.name ORDER BY spent DESC",
                            "params",
                            List.of("cancelled")));

            assertThat(result.isError()).as(text(result)).isFalse();
            assertThat(text(result)).contains("Hedy Lamarr");
        }

        @Test
        void theServersOwnSchemaIsNeitherListedNorListable() {
            CallToolResult refused = call("list_tables", Map.of("schema", "bulwark"));

            assertThat(names(call("list_tables", Map.of()))).noneMatch(name -> name.startsWith("bulwark."));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("not one the SQL tools may use");
        }
    }

    @Nested
    class OnPostgres {

        private final JdbcDatabase database = PostgresDatabases.open(PostgresServer.shared(), 2);
        private final DatabaseServer server = new DatabaseServer(database, false);

        @AfterEach
        void close() {
            server.close();
            database.close();
            owner("DROP TABLE IF EXISTS discovery_hidden", "DROP TABLE IF EXISTS discovery_items");
        }

        private void owner(String... statements) {
            try (Connection connection = PostgresServer.shared().owner().getConnection();
                    Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void listTablesShowsTheReadableTablesOfTheAllowedSchemaOnly() {
            owner(
                    "DROP TABLE IF EXISTS discovery_hidden",
                    "DROP TABLE IF EXISTS discovery_items",
                    "CREATE TABLE discovery_items (id BIGINT PRIMARY KEY, label TEXT NOT NULL)",
                    "CREATE TABLE discovery_hidden (id INT)",
                    "REVOKE ALL ON discovery_hidden FROM bulwark_sql_reader");

            CallToolResult result = server.call("list_tables", Map.of(), "sql:read");

            assertThat(names(result))
                    .contains("public.discovery_items")
                    .doesNotContain("public.discovery_hidden")
                    .allMatch(name -> name.startsWith("public."));
            Map<String, Object> items = tables(result).stream()
                    .filter(table -> table.get("name").equals("discovery_items"))
                    .findFirst()
                    .orElseThrow();
            assertThat(items.get("kind")).isEqualTo("table");
            assertThat(items.get("columns"))
                    .isEqualTo(
                            List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "label", "type", "text")));
        }

        @Test
        void theServersOwnSchemaCannotBeListed() {
            CallToolResult refused = server.call("list_tables", Map.of("schema", "bulwark"), "sql:read");

            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("not one the SQL tools may use");
        }

        @Test
        void listingNeedsTheReadScope() {
            assertThat(server.call("list_tables", Map.of(), "users:read").isError())
                    .isTrue();
        }
    }
}
