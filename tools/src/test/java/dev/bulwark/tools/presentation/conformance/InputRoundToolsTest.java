package dev.bulwark.tools.presentation.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.tools.ConformancePack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tools and prompt of the conformance suite's {@code input-required-result-*} scenarios, served to MCP
 * 2026-07-28 requests through the core's entry point of that era ({@link Era2026RoundHarness}) and the full pipeline:
 * each test sends what one scenario sends and checks what it checks.
 */
class InputRoundToolsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Principal CALLER = Principal.of("conformance", Principal.ALL_SCOPES);
    private static final String NAME = "{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}}";
    private static final String SAMPLED = "{\"role\":\"assistant\",\"content\":{\"type\":\"text\","
            + "\"text\":\"The capital of France is Paris.\"},\"model\":\"test-model\",\"stopReason\":\"endTurn\"}";
    private static final String ROOTS = "{\"roots\":[{\"uri\":\"file:///test/root\",\"name\":\"Test Root\"}]}";

    private Bulwark bulwark;
    private Era2026RoundHarness harness;

    @BeforeEach
    void start() {
        BulwarkConfig config = BulwarkConfig.defaults();
        bulwark = Bulwark.builder(config)
                .meterRegistry(new SimpleMeterRegistry())
                .pack(new ConformancePack())
                .build();
        harness = new Era2026RoundHarness(bulwark);
    }

    @AfterEach
    void stop() {
        bulwark.close();
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode callOf(String tool) {
        ObjectNode params = MAPPER.createObjectNode().put("name", tool);
        params.putObject("arguments");
        return params;
    }

    private JsonNode call(String tool) {
        return harness.send("tools/call", callOf(tool), CALLER);
    }

    /** Retries {@code tool} with {@code responses} and the state of {@code previous}, as the suite does. */
    private JsonNode retry(String tool, JsonNode previous, String responses) {
        ObjectNode params = callOf(tool);
        params.set("inputResponses", json(responses));
        JsonNode state = previous.path("result").get("requestState");
        if (state != null) {
            params.set("requestState", state);
        }
        return harness.send("tools/call", params, CALLER);
    }

    private static JsonNode inputRequests(JsonNode answer) {
        assertThat(answer.has("error")).as("error in %s", answer).isFalse();
        assertThat(answer.get("result").get("resultType").textValue()).isEqualTo("input_required");
        return answer.get("result").get("inputRequests");
    }

    private static String completeText(JsonNode answer) {
        assertThat(answer.has("error")).as("error in %s", answer).isFalse();
        JsonNode result = answer.get("result");
        assertThat(result.path("resultType").asText("complete")).isNotEqualTo("input_required");
        assertThat(result.path("isError").asBoolean(false))
                .as("tool error in %s", result)
                .isFalse();
        return result.get("content").get(0).get("text").textValue();
    }

    private static List<String> methodsOf(JsonNode requests) {
        List<String> methods = new ArrayList<>();
        requests.forEach(request -> methods.add(request.get("method").textValue()));
        return methods;
    }

    @Test
    void basicElicitationAsksUserNameThenGreets() {
        JsonNode r1 = call("test_input_required_result_elicitation");
        assertThat(inputRequests(r1).get("user_name").get("method").textValue()).isEqualTo("elicitation/create");

        assertThat(completeText(retry("test_input_required_result_elicitation", r1, "{\"user_name\":" + NAME + "}")))
                .isEqualTo("Hello, Alice!");
    }

    @Test
    void basicSamplingAsksTheModelThenAnswers() {
        JsonNode r1 = call("test_input_required_result_sampling");
        assertThat(methodsOf(inputRequests(r1))).containsExactly("sampling/createMessage");
        assertThat(inputRequests(r1)
                        .get("capital_question")
                        .get("params")
                        .get("maxTokens")
                        .intValue())
                .isEqualTo(100);

        assertThat(completeText(
                        retry("test_input_required_result_sampling", r1, "{\"capital_question\":" + SAMPLED + "}")))
                .contains("Paris");
    }

    @Test
    void basicListRootsAsksTheRootsThenNamesThem() {
        JsonNode r1 = call("test_input_required_result_list_roots");
        assertThat(inputRequests(r1).get("client_roots")).isEqualTo(json("{\"method\":\"roots/list\",\"params\":{}}"));

        assertThat(completeText(retry("test_input_required_result_list_roots", r1, "{\"client_roots\":" + ROOTS + "}")))
                .contains("file:///test/root");
    }

    @Test
    void requestStateRoundTripsAndTheAnswerSaysStateOk() {
        JsonNode r1 = call("test_input_required_result_request_state");
        assertThat(r1.get("result").get("requestState").isTextual()).isTrue();
        assertThat(inputRequests(r1).has("confirm")).isTrue();

        assertThat(completeText(retry(
                        "test_input_required_result_request_state",
                        r1,
                        "{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}")))
                .contains("state-ok");
    }

    @Test
    void multipleInputRequestsAreAskedTogetherAndAnsweredTogether() {
        JsonNode r1 = call("test_input_required_result_multiple_inputs");
        assertThat(methodsOf(inputRequests(r1)))
                .containsExactlyInAnyOrder("elicitation/create", "sampling/createMessage", "roots/list");
        assertThat(r1.get("result").get("requestState").isTextual()).isTrue();

        assertThat(completeText(retry(
                        "test_input_required_result_multiple_inputs",
                        r1,
                        "{\"user_name\":" + NAME + ",\"greeting\":" + SAMPLED + ",\"client_roots\":" + ROOTS + "}")))
                .contains("Alice", "Test Root");
    }

    @Test
    void multiRoundAsksTwiceWithAnUpdatedStateThenCompletes() {
        JsonNode r1 = call("test_input_required_result_multi_round");
        assertThat(inputRequests(r1).has("step1")).isTrue();
        JsonNode r2 = retry("test_input_required_result_multi_round", r1, "{\"step1\":" + NAME + "}");
        assertThat(inputRequests(r2).has("step2")).isTrue();
        assertThat(r2.get("result").get("requestState"))
                .isNotEqualTo(r1.get("result").get("requestState"));

        assertThat(completeText(retry(
                        "test_input_required_result_multi_round",
                        r2,
                        "{\"step2\":{\"action\":\"accept\",\"content\":{\"color\":\"blue\"}}}")))
                .isEqualTo("Alice likes blue");
    }

    @Test
    void aMissingInputResponseIsAskedAgainNotAnError() {
        ObjectNode params = callOf("test_input_required_result_elicitation");
        params.set("inputResponses", json("{\"wrong_key\":{\"action\":\"accept\",\"content\":{\"data\":\"wrong\"}}}"));

        assertThat(inputRequests(harness.send("tools/call", params, CALLER)).has("user_name"))
                .isTrue();
    }

    @Test
    void aPromptAsksBeforeItRenders() {
        ObjectNode params = MAPPER.createObjectNode().put("name", "test_input_required_result_prompt");
        JsonNode r1 = harness.send("prompts/get", params, CALLER);
        assertThat(methodsOf(inputRequests(r1))).containsExactly("elicitation/create");

        ObjectNode retry = MAPPER.createObjectNode().put("name", "test_input_required_result_prompt");
        retry.set(
                "inputResponses",
                json("{\"user_context\":{\"action\":\"accept\",\"content\":{\"context\":\"tests\"}}}"));
        retry.set("requestState", r1.get("result").get("requestState"));
        JsonNode r2 = harness.send("prompts/get", retry, CALLER);

        assertThat(r2.has("error")).as("%s", r2).isFalse();
        assertThat(r2.get("result")
                        .get("messages")
                        .get(0)
                        .get("content")
                        .get("text")
                        .textValue())
                .contains("tests");
    }

    @Test
    void resultTypeIsExplicit() {
        assertThat(call("test_input_required_result_elicitation")
                        .get("result")
                        .get("resultType")
                        .textValue())
                .isEqualTo("input_required");
    }

    @Test
    void listsNeverAnswerInputRequired() {
        for (String method : List.of("tools/list", "prompts/list")) {
            JsonNode answer = harness.send(method, MAPPER.createObjectNode(), CALLER);
            assertThat(answer.path("result").path("resultType").asText(""))
                    .as(method)
                    .isNotEqualTo("input_required");
        }
    }

    @Test
    void aTamperedStateIsAnInvalidParamsError() {
        JsonNode r1 = call("test_input_required_result_tampered_state");
        ObjectNode params = callOf("test_input_required_result_tampered_state");
        params.set("inputResponses", json("{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}"));
        params.put("requestState", r1.get("result").get("requestState").textValue() + "-TAMPERED");

        JsonNode answer = harness.send("tools/call", params, CALLER);

        assertThat(answer.get("error").get("code").intValue()).isEqualTo(-32602);
        assertThat(answer.get("error").get("message").textValue()).doesNotContain("TAMPERED");
    }

    @Test
    void anotherCallerCannotContinueTheExchange() {
        JsonNode r1 = call("test_input_required_result_elicitation");
        ObjectNode params = callOf("test_input_required_result_elicitation");
        params.set("inputResponses", json("{\"user_name\":" + NAME + "}"));
        params.set("requestState", r1.get("result").get("requestState"));

        JsonNode answer = harness.send("tools/call", params, Principal.of("mallory", Principal.ALL_SCOPES));

        assertThat(answer.get("error").get("code").intValue()).isEqualTo(-32602);
        assertThat(answer.get("error").get("message").textValue()).contains("another caller");
    }

    @Test
    void onlyDeclaredCapabilitiesAreAskedFor() {
        ObjectNode params = callOf("test_input_required_result_capabilities");
        params.putObject("_meta").set("io.modelcontextprotocol/clientCapabilities", json("{\"sampling\":{}}"));

        JsonNode requests = inputRequests(harness.send("tools/call", params, CALLER));

        assertThat(methodsOf(requests)).containsExactly("sampling/createMessage");
    }

    @Test
    void extraInputResponsesAreIgnored() {
        ObjectNode params = callOf("test_input_required_result_elicitation");
        params.set(
                "inputResponses",
                json("{\"user_name\":" + NAME + ",\"unknown_extra_key\":{\"action\":\"accept\","
                        + "\"content\":{\"foo\":\"bar\"}},\"another_unexpected\":{\"action\":\"accept\","
                        + "\"content\":{\"baz\":123}}}"));

        assertThat(completeText(harness.send("tools/call", params, CALLER))).isEqualTo("Hello, Alice!");
    }

    @Test
    void invalidInputResponsesAreNeverAcceptedAsComplete() {
        for (String invalid : List.of("{\"user_name\":12345}", "null")) {
            ObjectNode params = callOf("test_input_required_result_elicitation");
            params.set("inputResponses", json(invalid));

            JsonNode answer = harness.send("tools/call", params, CALLER);

            assertThat(answer.get("error").get("code").intValue()).as(invalid).isEqualTo(-32602);
        }
    }
}
