package dev.bulwark.tools.presentation.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.BulwarkHealth;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.RateLimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.TestCallContext;
import dev.bulwark.test.ToolTester;
import dev.bulwark.test.fakes.ManualTicker;
import dev.bulwark.test.fakes.SwitchableHealthIndicator;
import dev.bulwark.tools.OpsPack;
import dev.bulwark.tools.business.metrics.MetricsReportService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** health_check, check_dependencies and get_metrics through the pipeline of a server with the ops pack. */
class OpsToolsTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ManualTicker ticker = new ManualTicker();
    private final SwitchableHealthIndicator cache = new SwitchableHealthIndicator("cache", Criticality.OPTIONAL);
    private final SwitchableHealthIndicator database = new SwitchableHealthIndicator("database", Criticality.REQUIRED);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<ToolTester> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(ToolTester::close);
    }

    /** A server of version 1.2.3 in staging with the ops pack and these dependencies, on this test's clocks. */
    private ToolTester server(HealthIndicator... indicators) {
        ToolTester server = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults().toBuilder()
                        .server(new ServerSettings("bulwark", "1.2.3", "staging"))
                        .build())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .ticker(ticker)
                .meterRegistry(registry)
                .healthIndicators(List.of(indicators))
                .pack(new OpsPack())
                .build());
        servers.add(server);
        return server;
    }

    private static CallOutcome<HealthCheckOutput> healthCheck(ToolTester server) {
        return server.call(OpsTools.healthCheck(server.bulwark().health()), new NoInput());
    }

    private static CallOutcome<DependenciesOutput> checkDependencies(ToolTester server) {
        return server.call(OpsTools.checkDependencies(server.bulwark().health()), new NoInput());
    }

    private static CallOutcome<MetricsOutput> getMetrics(ToolTester server) {
        return server.call(
                OpsTools.getMetrics(new MetricsReportService(
                        server.bulwark().meterRegistry(), server.bulwark().health())),
                new NoInput());
    }

    /** An indicator whose check takes {@code latency} on the test ticker. */
    private HealthIndicator slow(String name, Duration latency) {
        return new HealthIndicator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ComponentHealth check() {
                ticker.advance(latency);
                return ComponentHealth.up(Map.of("pool", "4/10"));
            }
        };
    }

    /** The structured result as the pipeline sent it, checked against the published output schema. */
    private JsonNode sent(Tool<?, ?> tool, Object structured) throws JsonProcessingException {
        JsonNode tree = mapper.readTree(mapper.writeValueAsString(structured));
        assertThat(tree.isObject()).isTrue();
        Map<String, Object> schema = tool.outputSchema().orElseThrow();
        assertThat(new SchemaValidator(mapper).validate(schema, tree))
                .as("violations of the output schema")
                .isEmpty();
        return tree;
    }

    @Test
    void everyOpsToolTakesAnEmptyObjectAndNeedsOpsRead() {
        BulwarkHealth health = server().bulwark().health();
        for (Tool<NoInput, ?> tool : List.of(
                OpsTools.healthCheck(health),
                OpsTools.checkDependencies(health),
                OpsTools.getMetrics(new MetricsReportService(registry, health)))) {
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
            assertThat(new SchemaValidator(mapper).validate(tool.inputSchema(), Map.of()))
                    .isEmpty();
            assertThat(new SchemaValidator(mapper).validate(tool.inputSchema(), Map.of("x", 1)))
                    .isNotEmpty();
            assertThat(tool.requiredScopes()).containsExactly("ops:read");
            assertThat(tool.readOnly()).isTrue();
            assertThat(tool.cachePolicy()).isEmpty();
            assertThat(tool.outputSchema()).map(schema -> schema.get("type")).contains("object");
        }
    }

    @Test
    void aCallerWithoutOpsReadIsRefused() {
        ToolTester server = server();

        for (String tool : List.of("health_check", "check_dependencies", "get_metrics")) {
            assertThat(server.caller("bob", "tools:read").call(tool, Map.of()).errorType())
                    .as(tool)
                    .isEqualTo("permission_denied");
        }
    }

    @Test
    void noInputBindsFromEmptyArguments() {
        assertThat(mapper.convertValue(Map.of(), NoInput.class)).isEqualTo(new NoInput());
        assertThat(JsonSchemas.forType(NoInput.class)).containsEntry("type", "object");
    }

    @Test
    void thePackRegistersTheToolsUnderTheirPublishedNames() {
        assertThat(server().bulwark().tools())
                .extracting(Tool::name)
                .containsExactly("health_check", "get_metrics", "check_dependencies");
    }

    @Test
    void healthCheckReportsHealthyWhenEveryDependencyIsUp() {
        HealthCheckOutput output = healthCheck(server(cache, database)).value();

        assertThat(output.status()).isEqualTo("healthy");
        assertThat(output.ready()).isTrue();
        assertThat(output.components()).extracting(DependencyOutput::status).containsOnly("up");
    }

    @Test
    void healthCheckReportsDegradedWhenOptionalDependencyIsDown() {
        cache.set(ComponentHealth.down("connection refused"));

        CallOutcome<HealthCheckOutput> result = healthCheck(server(cache, database));

        assertThat(result.value().status()).isEqualTo("degraded");
        assertThat(result.value().ready()).isTrue();
        assertThat(result.value().components())
                .containsExactly(
                        new DependencyOutput(
                                "cache",
                                "down",
                                "optional",
                                0.0,
                                "connection refused",
                                List.of(new DependencyOutput.Detail("reason", "connection refused"))),
                        new DependencyOutput("database", "up", "required", 0.0, null, List.of()));
        assertThat(result.text()).startsWith("Server is degraded").contains("cache: down (optional");
    }

    @Test
    void healthCheckReportsUnhealthyWhenRequiredDependencyIsDown() {
        database.set(ComponentHealth.down("timeout"));

        HealthCheckOutput output = healthCheck(server(cache, database)).value();

        assertThat(output.status()).isEqualTo("unhealthy");
        assertThat(output.ready()).isFalse();
    }

    @Test
    void anUnhealthyReportIsASuccessfulCallWhoseStructuredStatusSaysUnhealthy() {
        database.set(ComponentHealth.down("timeout"));

        CallOutcome<HealthCheckOutput> result = healthCheck(server(cache, database));

        assertThat(result.success()).isTrue();
        assertThat(result.result().isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.value().status()).isEqualTo("unhealthy");
    }

    @Test
    void healthCheckIsAnsweredHoweverSpentTheRateLimitIs() {
        ToolTester server = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults().toBuilder()
                        .rateLimit(new RateLimitSettings(true, 1, 0, 50))
                        .build())
                .ticker(ticker)
                .meterRegistry(registry)
                .pack(new OpsPack())
                .build());
        servers.add(server);

        for (int i = 0; i < 5; i++) {
            assertThat(server.call("health_check", Map.of()).errorType())
                    .as("call " + i)
                    .isNull();
        }
        assertThat(server.call("get_metrics", Map.of()).errorType()).isNull();
        assertThat(server.call("get_metrics", Map.of()).errorType())
                .as("the limit applies to the other tools")
                .isEqualTo("rate_limited");
    }

    @Test
    void healthCheckReportsUnhealthyWhileDraining() {
        ToolTester server = server(cache);
        server.bulwark().health().startDraining();

        CallOutcome<HealthCheckOutput> result = healthCheck(server);

        assertThat(result.value().status()).isEqualTo("unhealthy");
        assertThat(result.value().draining()).isTrue();
        assertThat(result.text()).contains("draining");
    }

    @Test
    void healthCheckReportsUptimeVersionEnvironmentAndCheckTime() {
        ToolTester server = server();
        ticker.advance(Duration.ofSeconds(3723).plusMillis(500));

        CallOutcome<HealthCheckOutput> result = healthCheck(server);

        HealthCheckOutput output = result.value();
        assertThat(output.uptimeSeconds()).isEqualTo(3723.5);
        assertThat(output.version()).isEqualTo("1.2.3");
        assertThat(output.environment()).isEqualTo("staging");
        assertThat(output.checkedAt()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(result.text()).contains("up 1h 2m 3s");
    }

    @Test
    void healthCheckReportsEachComponentsLatencyInMilliseconds() {
        HealthCheckOutput output =
                healthCheck(server(slow("search", Duration.ofMillis(12)))).value();

        assertThat(output.components()).singleElement().satisfies(component -> {
            assertThat(component.latencyMs()).isEqualTo(12.0);
            assertThat(component.details()).containsExactly(new DependencyOutput.Detail("pool", "4/10"));
        });
    }

    @Test
    void healthCheckResultMatchesItsOutputSchemaWithDurationsAsNumbers() throws Exception {
        cache.set(ComponentHealth.down("connection refused"));
        ticker.advance(Duration.ofSeconds(5));
        ToolTester server = server(cache, slow("search", Duration.ofMillis(3)));

        JsonNode sent = sent(
                OpsTools.healthCheck(server.bulwark().health()),
                healthCheck(server).structured());

        assertThat(sent.get("uptimeSeconds").isNumber()).isTrue();
        assertThat(sent.at("/components/1/latencyMs").isNumber()).isTrue();
        assertThat(sent.get("checkedAt").isTextual()).isTrue();
    }

    @Test
    void checkDependenciesListsEachDependencyWithStatusCriticalityAndLatency() {
        CallOutcome<DependenciesOutput> result =
                checkDependencies(server(database, slow("search", Duration.ofMillis(7))));

        assertThat(result.value())
                .isEqualTo(new DependenciesOutput(
                        "healthy",
                        List.of(
                                new DependencyOutput("database", "up", "required", 0.0, null, List.of()),
                                new DependencyOutput(
                                        "search",
                                        "up",
                                        "required",
                                        7.0,
                                        null,
                                        List.of(new DependencyOutput.Detail("pool", "4/10"))))));
        assertThat(result.text()).startsWith("2 of 2 dependencies up; the server is healthy.");
    }

    @Test
    void checkDependenciesGivesTheReasonADependencyIsDown() throws Exception {
        cache.set(ComponentHealth.down("connection refused"));
        ToolTester server = server(cache, database);

        CallOutcome<DependenciesOutput> result = checkDependencies(server);

        assertThat(result.value().status()).isEqualTo("degraded");
        assertThat(result.value().dependencies().get(0).reason()).isEqualTo("connection refused");
        assertThat(result.text()).contains("cache: down (optional, 0.0 ms): connection refused");
        JsonNode sent = sent(OpsTools.checkDependencies(server.bulwark().health()), result.structured());
        assertThat(sent.at("/dependencies/1").has("reason")).isFalse();
    }

    @Test
    void checkDependenciesSaysWhenThereAreNone() {
        assertThat(checkDependencies(server()).text()).isEqualTo("No dependencies are checked; the server is healthy.");
    }

    @Test
    void getMetricsReportsCallsErrorsAndLatency() {
        Counter.builder("mcp.tool.calls")
                .tags("tool", "echo", "outcome", "success")
                .register(registry)
                .increment(3);
        Counter.builder("mcp.tool.calls")
                .tags("tool", "echo", "outcome", "error")
                .register(registry)
                .increment(1);
        Counter.builder("mcp.errors")
                .tag("error_type", "timeout")
                .register(registry)
                .increment(1);
        Timer timer = Timer.builder("mcp.request.duration")
                .tag("method", "tools/call")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50))
                .register(registry);
        timer.record(Duration.ofMillis(20));
        ToolTester server = server();
        ticker.advance(Duration.ofSeconds(42));

        CallOutcome<MetricsOutput> result = getMetrics(server);

        MetricsOutput output = result.value();
        assertThat(output.uptimeSeconds()).isEqualTo(42.0);
        assertThat(output.toolCalls())
                .isEqualTo(new MetricsOutput.ToolCalls(
                        4,
                        1,
                        0.25,
                        List.of(new MetricsOutput.ToolCount("echo", 4, 1)),
                        List.of(new MetricsOutput.ErrorTypeCount("timeout", 1))));
        assertThat(output.latency().count()).isEqualTo(1);
        assertThat(output.latency().meanMs()).isEqualTo(20.0);
        assertThat(output.latency().p95Ms()).isNotNull();
        assertThat(result.text()).startsWith("Up 42s. 4 tool calls, 1 error (25.0%). Latency p50 ");
    }

    /**
     * Straight to the handler, on a registry of its own: a server's pipeline binds the in-flight gauge and the
     * latency timer to its registry, so through it these readings are never unbound.
     */
    @Test
    void getMetricsLeavesOutUnboundReadingsAndStillMatchesItsOutputSchema() throws Exception {
        Tool<NoInput, MetricsOutput> tool = OpsTools.getMetrics(new MetricsReportService(
                new SimpleMeterRegistry(), server().bulwark().health()));

        ToolResult<MetricsOutput> result =
                tool.handler().handle(new NoInput(), new TestCallContext(tool.name(), "ops:read"));
        JsonNode sent = sent(tool, result.structured());

        assertThat(sent.get("jvm")).isEqualTo(mapper.createObjectNode());
        assertThat(sent.get("latency")).isEqualTo(mapper.createObjectNode().put("count", 0));
        assertThat(sent.has("inflightRequests")).isFalse();
    }

    @Test
    void getMetricsWithJvmBindersMatchesItsOutputSchema() throws Exception {
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Timer.builder("jvm.gc.pause").tag("gc", "young").register(registry).record(Duration.ofMillis(4));
        ToolTester server = server();

        CallOutcome<MetricsOutput> result = getMetrics(server);
        JsonNode sent = sent(
                OpsTools.getMetrics(
                        new MetricsReportService(registry, server.bulwark().health())),
                result.structured());

        assertThat(sent.at("/jvm/heapUsedBytes").isIntegralNumber()).isTrue();
        assertThat(sent.at("/jvm/liveThreads").asInt()).isPositive();
        assertThat(sent.at("/jvm/gcPauseTotalMs").asDouble()).isEqualTo(4.0);
        assertThat(result.text()).contains("JVM: heap ").contains(" threads");
    }

    @Test
    void outputSchemasAreGeneratedFromTheOutputRecords() {
        BulwarkHealth health = server().bulwark().health();

        assertThat(OpsTools.healthCheck(health).outputSchema())
                .isEqualTo(Optional.of(JsonSchemas.forType(HealthCheckOutput.class)));
        assertThat(OpsTools.getMetrics(new MetricsReportService(registry, health))
                        .outputSchema())
                .isEqualTo(Optional.of(JsonSchemas.forType(MetricsOutput.class)));
    }
}
