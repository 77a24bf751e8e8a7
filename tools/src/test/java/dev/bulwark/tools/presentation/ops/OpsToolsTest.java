package dev.bulwark.tools.presentation.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.internal.business.health.HealthService;
import dev.bulwark.tools.business.metrics.MetricsReportService;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.data.health.HealthProbe;
import dev.bulwark.core.internal.presentation.tool.JsonSchemas;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.test.TestCallContext;
import dev.bulwark.test.fakes.ManualTicker;
import dev.bulwark.test.fakes.SwitchableHealthIndicator;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** health_check, check_dependencies and get_metrics, called through their handlers. */
class OpsToolsTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ManualTicker ticker = new ManualTicker();
    private final SwitchableHealthIndicator cache = new SwitchableHealthIndicator("cache", Criticality.OPTIONAL);
    private final SwitchableHealthIndicator database =
            new SwitchableHealthIndicator("database", Criticality.REQUIRED);
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private HealthService health(HealthIndicator... indicators) {
        List<HealthProbe> probes = Arrays.stream(indicators)
                .map(indicator -> new HealthProbe(indicator, Duration.ofSeconds(1), ticker, Runnable::run))
                .toList();
        return new HealthService(probes, new ServerSettings("bulwark", "1.2.3", "staging"),
                Clock.fixed(NOW, ZoneOffset.UTC), ticker);
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

    private static <O> ToolResult<O> call(Tool<NoInput, O> tool) throws Exception {
        return tool.handler().handle(new NoInput(), new TestCallContext(tool.name(), "ops:read"));
    }

    /** The structured result as the pipeline sends it, checked against the published output schema. */
    private JsonNode sent(Tool<?, ?> tool, Object structured) throws JsonProcessingException {
        JsonNode tree = mapper.readTree(mapper.writeValueAsString(structured));
        assertThat(tree.isObject()).isTrue();
        Map<String, Object> schema = tool.outputSchema().orElseThrow();
        assertThat(new SchemaValidator(mapper).validate(schema, tree)).as("violations of the output schema").isEmpty();
        return tree;
    }

    @Test
    void everyOpsToolTakesAnEmptyObjectAndNeedsOpsRead() {
        HealthService health = health();
        for (Tool<NoInput, ?> tool : List.of(OpsTools.healthCheck(health), OpsTools.checkDependencies(health),
                OpsTools.getMetrics(new MetricsReportService(registry, health)))) {
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object");
            assertThat(new SchemaValidator(mapper).validate(tool.inputSchema(), Map.of())).isEmpty();
            assertThat(new SchemaValidator(mapper).validate(tool.inputSchema(), Map.of("x", 1))).isNotEmpty();
            assertThat(tool.requiredScopes()).containsExactly("ops:read");
            assertThat(tool.readOnly()).isTrue();
            assertThat(tool.cachePolicy()).isEmpty();
            assertThat(tool.outputSchema()).map(schema -> schema.get("type")).contains("object");
        }
    }

    @Test
    void noInputBindsFromEmptyArguments() {
        assertThat(mapper.convertValue(Map.of(), NoInput.class)).isEqualTo(new NoInput());
        assertThat(JsonSchemas.forType(NoInput.class)).containsEntry("type", "object");
    }

    @Test
    void toolsHaveTheirPublishedNames() {
        HealthService health = health();
        assertThat(OpsTools.healthCheck(health).name()).isEqualTo("health_check");
        assertThat(OpsTools.checkDependencies(health).name()).isEqualTo("check_dependencies");
        assertThat(OpsTools.getMetrics(new MetricsReportService(registry, health)).name()).isEqualTo("get_metrics");
    }

    @Test
    void healthCheckReportsHealthyWhenEveryDependencyIsUp() throws Exception {
        HealthCheckOutput output = call(OpsTools.healthCheck(health(cache, database))).structured();

        assertThat(output.status()).isEqualTo("healthy");
        assertThat(output.ready()).isTrue();
        assertThat(output.components()).extracting(HealthCheckOutput.Component::status).containsOnly("up");
    }

    @Test
    void healthCheckReportsDegradedWhenOptionalDependencyIsDown() throws Exception {
        cache.set(ComponentHealth.down("connection refused"));

        ToolResult<HealthCheckOutput> result = call(OpsTools.healthCheck(health(cache, database)));

        assertThat(result.structured().status()).isEqualTo("degraded");
        assertThat(result.structured().ready()).isTrue();
        assertThat(result.structured().components()).containsExactly(
                new HealthCheckOutput.Component("cache", "down", "optional", 0.0,
                        List.of(new HealthCheckOutput.Detail("reason", "connection refused"))),
                new HealthCheckOutput.Component("database", "up", "required", 0.0, List.of()));
        assertThat(result.text()).startsWith("Server is degraded").contains("cache: down (optional");
    }

    @Test
    void healthCheckReportsUnhealthyWhenRequiredDependencyIsDown() throws Exception {
        database.set(ComponentHealth.down("timeout"));

        HealthCheckOutput output = call(OpsTools.healthCheck(health(cache, database))).structured();

        assertThat(output.status()).isEqualTo("unhealthy");
        assertThat(output.ready()).isFalse();
    }

    @Test
    void healthCheckReportsUnhealthyWhileDraining() throws Exception {
        HealthService health = health(cache);
        health.startDraining();

        ToolResult<HealthCheckOutput> result = call(OpsTools.healthCheck(health));

        assertThat(result.structured().status()).isEqualTo("unhealthy");
        assertThat(result.structured().draining()).isTrue();
        assertThat(result.text()).contains("draining");
    }

    @Test
    void healthCheckReportsUptimeVersionEnvironmentAndCheckTime() throws Exception {
        HealthService health = health();
        ticker.advance(Duration.ofSeconds(3723).plusMillis(500));

        ToolResult<HealthCheckOutput> result = call(OpsTools.healthCheck(health));

        HealthCheckOutput output = result.structured();
        assertThat(output.uptimeSeconds()).isEqualTo(3723.5);
        assertThat(output.version()).isEqualTo("1.2.3");
        assertThat(output.environment()).isEqualTo("staging");
        assertThat(output.checkedAt()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(result.text()).contains("up 1h 2m 3s");
    }

    @Test
    void healthCheckReportsEachComponentsLatencyInMilliseconds() throws Exception {
        HealthCheckOutput output =
                call(OpsTools.healthCheck(health(slow("search", Duration.ofMillis(12))))).structured();

        assertThat(output.components()).singleElement().satisfies(component -> {
            assertThat(component.latencyMs()).isEqualTo(12.0);
            assertThat(component.details()).containsExactly(new HealthCheckOutput.Detail("pool", "4/10"));
        });
    }

    @Test
    void healthCheckResultMatchesItsOutputSchemaWithDurationsAsNumbers() throws Exception {
        cache.set(ComponentHealth.down("connection refused"));
        ticker.advance(Duration.ofSeconds(5));
        Tool<NoInput, HealthCheckOutput> tool = OpsTools.healthCheck(health(cache, slow("search", Duration.ofMillis(3))));

        JsonNode sent = sent(tool, call(tool).structured());

        assertThat(sent.get("uptimeSeconds").isNumber()).isTrue();
        assertThat(sent.at("/components/1/latencyMs").isNumber()).isTrue();
        assertThat(sent.get("checkedAt").isTextual()).isTrue();
    }

    @Test
    void checkDependenciesListsEachDependencyWithStatusCriticalityAndLatency() throws Exception {
        ToolResult<DependenciesOutput> result =
                call(OpsTools.checkDependencies(health(database, slow("search", Duration.ofMillis(7)))));

        assertThat(result.structured()).isEqualTo(new DependenciesOutput("healthy", List.of(
                new DependenciesOutput.Dependency("database", "up", "required", 0.0, null),
                new DependenciesOutput.Dependency("search", "up", "required", 7.0, null))));
        assertThat(result.text()).startsWith("2 of 2 dependencies up; the server is healthy.");
    }

    @Test
    void checkDependenciesGivesTheReasonADependencyIsDown() throws Exception {
        cache.set(ComponentHealth.down("connection refused"));
        Tool<NoInput, DependenciesOutput> tool = OpsTools.checkDependencies(health(cache, database));

        ToolResult<DependenciesOutput> result = call(tool);

        assertThat(result.structured().status()).isEqualTo("degraded");
        assertThat(result.structured().dependencies().get(0).reason()).isEqualTo("connection refused");
        assertThat(result.text()).contains("cache: down (optional, 0.0 ms): connection refused");
        JsonNode sent = sent(tool, result.structured());
        assertThat(sent.at("/dependencies/1").has("reason")).isFalse();
    }

    @Test
    void checkDependenciesSaysWhenThereAreNone() throws Exception {
        assertThat(call(OpsTools.checkDependencies(health())).text())
                .isEqualTo("No dependencies are checked; the server is healthy.");
    }

    @Test
    void getMetricsReportsCallsErrorsAndLatency() throws Exception {
        Counter.builder("mcp.tool.calls").tags("tool", "echo", "outcome", "success").register(registry).increment(3);
        Counter.builder("mcp.tool.calls").tags("tool", "echo", "outcome", "error").register(registry).increment(1);
        Counter.builder("mcp.errors").tag("error_type", "timeout").register(registry).increment(1);
        Timer timer = Timer.builder("mcp.request.duration").tag("method", "tools/call")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50)).register(registry);
        timer.record(Duration.ofMillis(20));
        Tool<NoInput, MetricsOutput> tool = OpsTools.getMetrics(new MetricsReportService(registry, health()));
        ticker.advance(Duration.ofSeconds(42));

        ToolResult<MetricsOutput> result = call(tool);

        MetricsOutput output = result.structured();
        assertThat(output.uptimeSeconds()).isEqualTo(42.0);
        assertThat(output.toolCalls()).isEqualTo(new MetricsOutput.ToolCalls(4, 1, 0.25,
                List.of(new MetricsOutput.ToolCount("echo", 4, 1)),
                List.of(new MetricsOutput.ErrorTypeCount("timeout", 1))));
        assertThat(output.latency().count()).isEqualTo(1);
        assertThat(output.latency().meanMs()).isEqualTo(20.0);
        assertThat(output.latency().p95Ms()).isNotNull();
        assertThat(result.text()).startsWith("Up 42s. 4 tool calls, 1 error (25.0%). Latency p50 ");
    }

    @Test
    void getMetricsLeavesOutUnboundReadingsAndStillMatchesItsOutputSchema() throws Exception {
        Tool<NoInput, MetricsOutput> tool = OpsTools.getMetrics(new MetricsReportService(registry, health()));

        JsonNode sent = sent(tool, call(tool).structured());

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
        Tool<NoInput, MetricsOutput> tool = OpsTools.getMetrics(new MetricsReportService(registry, health()));

        ToolResult<MetricsOutput> result = call(tool);
        JsonNode sent = sent(tool, result.structured());

        assertThat(sent.at("/jvm/heapUsedBytes").isIntegralNumber()).isTrue();
        assertThat(sent.at("/jvm/liveThreads").asInt()).isPositive();
        assertThat(sent.at("/jvm/gcPauseTotalMs").asDouble()).isEqualTo(4.0);
        assertThat(result.text()).contains("JVM: heap ").contains(" threads");
    }

    @Test
    void outputSchemasAreGeneratedFromTheOutputRecords() {
        HealthService health = health();

        assertThat(OpsTools.healthCheck(health).outputSchema())
                .isEqualTo(Optional.of(JsonSchemas.forType(HealthCheckOutput.class)));
        assertThat(OpsTools.getMetrics(new MetricsReportService(registry, health)).outputSchema())
                .isEqualTo(Optional.of(JsonSchemas.forType(MetricsOutput.class)));
    }
}
