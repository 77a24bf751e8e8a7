package dev.bulwark.bootstrap.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.bootstrap.wiring.DaggerServerComponent;
import dev.bulwark.bootstrap.wiring.ServerComponent;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ComponentReport;
import dev.bulwark.core.OutputSchemaCheck;
import dev.bulwark.core.Tool;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.postgres.DatabaseSettings;
import dev.bulwark.redis.DeadPort;
import dev.bulwark.test.TestCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The database module as the server wires it: the embedded default, and PostgreSQL down at boot. */
class DatabaseWiringTest {

    private ServerComponent component;

    @AfterEach
    void closeComponent() {
        if (component != null) {
            component.bulwark().close();
            component.database().close();
        }
    }

    private static CallToolResult call(Bulwark bulwark, String tool, Map<String, Object> arguments) {
        Tool<?, ?> found = bulwark.tools().stream()
                .filter(candidate -> candidate.name().equals(tool))
                .findFirst()
                .orElseThrow();
        return OutputSchemaCheck.fits(found, bulwark.call(found, arguments, new TestCallContext(tool, "*")));
    }

    private static Optional<ComponentReport> databaseHealth(Bulwark bulwark) {
        return bulwark.health().check().components().stream()
                .filter(component -> component.name().equals("database"))
                .findFirst();
    }

    @Test
    void anEndlessRecursiveQueryIsRefusedOnTheEmbeddedDatabase() {
        // H2 keeps a recursion's rows in memory: this ran out of heap (for the whole process) before the timeout
        component = DaggerServerComponent.factory().create(ServerConfig.defaults());

        CallToolResult result = call(
                component.bulwark(),
                "execute_query",
                Map.of(
                        "query",
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"));

        assertThat(result.isError()).isTrue();
        assertThat(((TextContent) result.content().get(0)).text()).contains("recursive queries");
    }

    @Test
    void aResultCutForItsSizeSaysSoRatherThanNamingTheRowLimit() {
        component = DaggerServerComponent.factory().create(ServerConfig.defaults());

        CallToolResult result = call(
                component.bulwark(),
                "execute_query",
                Map.of("query", "SELECT REPEAT('a', 200000) AS big FROM SYSTEM_RANGE(1, 50)"));

        assertThat(((TextContent) result.content().get(0)).text())
                .contains("truncated at the result size limit (about a million characters of data)")
                .doesNotContain("row limit");
    }

    @Test
    void withoutADatabaseUrlTheUserAndSqlToolsServeOnTheEmbeddedDatabase() {
        component = DaggerServerComponent.factory().create(ServerConfig.defaults());
        Bulwark bulwark = component.bulwark();

        CallToolResult created = call(bulwark, "create_user", Map.of("name", "Ada", "email", "ada@example.com"));
        String id = (String) ((Map<?, ?>) created.structuredContent()).get("id");

        assertThat(component.database().engine()).isEqualTo("h2");
        assertThat(call(bulwark, "get_user", Map.of("user_id", id)).isError()).isFalse();
        assertThat(call(bulwark, "execute_query", Map.of("query", "SELECT 1 AS one"))
                        .isError())
                .isFalse();
        assertThat(databaseHealth(bulwark))
                .hasValueSatisfying(health -> assertThat(health.status()).isEqualTo(ComponentStatus.UP));
    }

    @Test
    void thePoolAndBreakerMetersAreScraped() {
        component = DaggerServerComponent.factory().create(ServerConfig.defaults());

        assertThat(component.prometheusRegistry().scrape())
                .contains("hikaricp_connections", "bulwark_database_circuit_breaker_state");
    }

    @Test
    void withPostgresDownAtBootTheServerStartsNotReadyAndOtherToolsServe() throws IOException {
        try (DeadPort closed = new DeadPort()) {
            startsNotReadyWithPostgresAt(closed.port());
        }
    }

    private void startsNotReadyWithPostgresAt(int closedPort) throws IOException {
        ServerConfig config = ServerConfig.builder()
                .database(DatabaseSettings.builder()
                        .url("postgres://app:hunter2@127.0.0.1:" + closedPort + "/app")
                        .connectionTimeout(Duration.ofSeconds(1))
                        .build())
                .build();

        component = DaggerServerComponent.factory().create(config);
        Bulwark bulwark = component.bulwark();
        CallToolResult failed = call(bulwark, "list_users", Map.of());

        assertThat(bulwark.health().check().status().isReady()).isFalse();
        assertThat(failed.isError()).isTrue();
        assertThat(((io.modelcontextprotocol.spec.McpSchema.TextContent)
                                failed.content().get(0))
                        .text())
                .contains("database")
                .contains("unavailable")
                .doesNotContain("hunter2")
                .doesNotContain("127.0.0.1");
        assertThat(call(bulwark, "process_data", Map.of("data", 1, "operation", "analyze"))
                        .isError())
                .isFalse();
    }
}
