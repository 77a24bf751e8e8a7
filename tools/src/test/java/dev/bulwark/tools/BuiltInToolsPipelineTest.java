package dev.bulwark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.test.CallOutcome;
import dev.bulwark.test.ToolTester;
import dev.bulwark.test.fakes.ManualTicker;
import dev.bulwark.tools.business.processing.DataProcessingService;
import dev.bulwark.tools.presentation.data.ProcessDataTool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in tools through the standard pipeline: argument binding, validation, caching and metrics. */
class BuiltInToolsPipelineTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ToolTester tester = ToolTester.of(Bulwark.builder(BulwarkConfig.defaults())
            .ticker(new ManualTicker())
            .pack(new OpsPack())
            .tool(ProcessDataTool.create(DataProcessingService.on(Bulwark.defaultObjectMapper()), 1024))
            .build());

    @AfterEach
    void closeTester() {
        tester.close();
    }

    private CallOutcome<Object> call(String tool, String arguments) {
        return tester.call(tool, mapper.convertValue(parse(arguments), new TypeReference<Map<String, Object>>() {}));
    }

    private Object parse(String json) {
        try {
            return mapper.readValue(json.replace('\'', '"'), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Test
    void processDataTransformsThroughThePipeline() {
        CallOutcome<Object> result = call("process_data", "{'data':{'a':{'b':' x '}},'operation':'transform'}");

        assertThat(result.success()).isTrue();
        assertThat(result.structured())
                .isEqualTo(parse(
                        "{'operation':'transform','result':{'a.b':'x'},'flattenedObjects':1,'trimmedStrings':1}"));
    }

    @Test
    void aCachedProcessDataAnswerReadsTheSameAsTheComputedOneForCallsSharingItsKey() throws Exception {
        CallOutcome<Object> computed =
                call("process_data", "{'data':{'v':1,'w':[1e300,0.5,-0.0]},'operation':'transform'}");
        CallOutcome<Object> cached =
                call("process_data", "{'data':{'w':[1.0e300,0.50,0],'v':1.0},'operation':'transform'}");

        assertThat(cached.cache()).isEqualTo("hit");
        assertThat(mapper.writeValueAsString(cached.structured()))
                .isEqualTo(mapper.writeValueAsString(computed.structured()))
                .contains("{\"v\":1,\"w\":[1.0E300,0.5,0]}");
        assertThat(cached.text()).isEqualTo(computed.text());
    }

    @Test
    void unknownOperationIsRefusedBeforeTheHandlerWithTheAllowedValues() {
        CallOutcome<Object> result = call("process_data", "{'data':1,'operation':'frobnicate'}");

        assertThat(result.errorType()).isEqualTo("invalid_arguments");
        assertThat(result.text()).contains("operation").contains("transform", "validate", "analyze");
    }

    @Test
    void processDataOverTheLimitIsAnErrorResultNamingSizeAndLimit() {
        CallOutcome<Object> result = call("process_data", "{'data':'" + "x".repeat(2000) + "','operation':'analyze'}");

        assertThat(result.success()).isFalse();
        assertThat(result.text()).contains("2002 bytes", "limit of 1024 bytes");
    }

    @Test
    void repeatedProcessDataCallsAreServedFromTheCache() {
        call("process_data", "{'data':[1,2],'operation':'analyze'}");
        CallOutcome<Object> second = call("process_data", "{'data':[1,2],'operation':'analyze'}");

        assertThat(second.success()).isTrue();
        assertThat(tester.bulwark()
                        .meterRegistry()
                        .find("mcp.cache.requests")
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void getMetricsCountsTheCallsThePipelineRecorded() {
        call("health_check", "{}");
        call("process_data", "{'data':1,'operation':'nope'}");

        CallOutcome<Object> result = call("get_metrics", "{}");

        assertThat(result.success()).isTrue();
        JsonNode content = mapper.valueToTree(result.structured());
        assertThat(content.at("/toolCalls/total").asInt()).isEqualTo(2);
        assertThat(content.at("/toolCalls/errors").asInt()).isEqualTo(1);
    }

    @Test
    void opsToolsAnswerWithStructuredObjects() {
        for (String tool : List.of("health_check", "check_dependencies", "get_metrics")) {
            CallOutcome<Object> result = call(tool, "{}");

            assertThat(result.success()).as(tool).isTrue();
            assertThat(result.structured()).as(tool).isInstanceOf(Map.class);
        }
    }
}
