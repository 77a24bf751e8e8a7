package dev.bulwark.tools;

import dev.bulwark.test.TestCallContext;
import dev.bulwark.tools.presentation.data.ProcessDataTool;
import dev.bulwark.tools.presentation.ops.OpsTools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.business.health.HealthService;
import dev.bulwark.tools.business.metrics.MetricsReportService;
import dev.bulwark.tools.business.processing.DataProcessingService;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.business.validation.SchemaValidator;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.presentation.pipeline.StandardPipeline;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.Tool;
import dev.bulwark.test.fakes.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in tools through the standard pipeline: argument binding, validation, caching and metrics. */
class BuiltInToolsPipelineTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ManualTicker ticker = new ManualTicker();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HealthService health =
            new HealthService(List.of(), ServerSettings.defaults(), Clock.systemUTC(), ticker);
    private final Map<String, Tool<?, ?>> tools = List.of(OpsTools.healthCheck(health), OpsTools.getMetrics(new MetricsReportService(registry, health)),
                    OpsTools.checkDependencies(health),
                    ProcessDataTool.create(new DataProcessingService(mapper, new SchemaValidator(mapper)), 1024))
            .stream().collect(Collectors.toMap(Tool::name, tool -> tool));
    private final ToolPipeline pipeline = StandardPipeline.create(
            BulwarkConfig.defaults(),
            new ToolRateLimiter(RateLimitGateway.local(new InMemoryRateLimitStore(ticker)), registry),
            new ResultCache(new CacheGateway(new InMemoryCacheStore(100, ticker), registry)),
            new CacheKeys(new CanonicalJson(mapper)),
            mapper,
            registry,
            ticker,
            executor);

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private CallToolResult call(String tool, String arguments) {
        Map<String, Object> args = mapper.convertValue(
                mapper.valueToTree(parse(arguments)), new TypeReference<Map<String, Object>>() { });
        return pipeline.execute(new ToolInvocation(tools.get(tool), args, new TestCallContext(tool, "*")));
    }

    private Object parse(String json) {
        try {
            return mapper.readValue(json.replace('\'', '"'), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @Test
    void processDataTransformsThroughThePipeline() {
        CallToolResult result = call("process_data", "{'data':{'a':{'b':' x '}},'operation':'transform'}");

        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(parse(
                "{'operation':'transform','result':{'a.b':'x'},'flattenedObjects':1,'trimmedStrings':1}"));
    }

    @Test
    void aCachedProcessDataAnswerReadsTheSameAsTheComputedOneForCallsSharingItsKey() throws Exception {
        CallToolResult computed = call("process_data", "{'data':{'v':1,'w':[1e300,0.5,-0.0]},'operation':'transform'}");
        CallToolResult cached = call("process_data",
                "{'data':{'w':[1.0e300,0.50,0],'v':1.0},'operation':'transform'}");

        assertThat(ResultMeta.get(cached, ResultMeta.CACHE)).isEqualTo("hit");
        assertThat(mapper.writeValueAsString(cached.structuredContent()))
                .isEqualTo(mapper.writeValueAsString(computed.structuredContent()))
                .contains("{\"v\":1,\"w\":[1.0E300,0.5,0]}");
        assertThat(text(cached)).isEqualTo(text(computed));
    }

    @Test
    void unknownOperationIsRefusedBeforeTheHandlerWithTheAllowedValues() {
        CallToolResult result = call("process_data", "{'data':1,'operation':'frobnicate'}");

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("operation").contains("transform", "validate", "analyze");
    }

    @Test
    void processDataOverTheLimitIsAnErrorResultNamingSizeAndLimit() {
        CallToolResult result = call("process_data", "{'data':'" + "x".repeat(2000) + "','operation':'analyze'}");

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("2002 bytes", "limit of 1024 bytes");
    }

    @Test
    void repeatedProcessDataCallsAreServedFromTheCache() {
        call("process_data", "{'data':[1,2],'operation':'analyze'}");
        CallToolResult second = call("process_data", "{'data':[1,2],'operation':'analyze'}");

        assertThat(second.isError()).isFalse();
        assertThat(registry.find("mcp.cache.requests").tag("result", "hit").counter().count()).isEqualTo(1.0);
    }

    @Test
    void getMetricsCountsTheCallsThePipelineRecorded() {
        call("health_check", "{}");
        call("process_data", "{'data':1,'operation':'nope'}");

        CallToolResult result = call("get_metrics", "{}");

        assertThat(result.isError()).isFalse();
        JsonNode content = mapper.valueToTree(result.structuredContent());
        assertThat(content.at("/toolCalls/total").asInt()).isEqualTo(2);
        assertThat(content.at("/toolCalls/errors").asInt()).isEqualTo(1);
    }

    @Test
    void opsToolsAnswerWithStructuredObjects() {
        for (String tool : List.of("health_check", "check_dependencies", "get_metrics")) {
            CallToolResult result = call(tool, "{}");

            assertThat(result.isError()).as(tool).isFalse();
            assertThat(result.structuredContent()).as(tool).isInstanceOf(Map.class);
        }
    }
}
