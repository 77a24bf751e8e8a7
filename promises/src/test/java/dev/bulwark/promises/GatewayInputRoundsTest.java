package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Root;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Bulwark upstream spoken to in 2026-07-28 asks its client for sampling, elicitation and roots in
 * {@code input_required} rounds; through the gateway a 2025-11-25 caller is asked over its session and a 2026-07-28
 * caller in rounds of its own, and the answers reach the upstream's tool. An upstream that never stops asking is
 * ended at the round limit.
 */
class GatewayInputRoundsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<String, Object> FOLDER_FORM =
            Map.of("type", "object", "properties", Map.of("folder", Map.of("type", "string")));

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final AtomicInteger pestered = new AtomicInteger();
    private final AtomicInteger gathered = new AtomicInteger();
    private OneUpstreamGateway gateway;

    @BeforeEach
    void start() {
        Bulwark upstream = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .tools(List.of(GatewayRelayTest.consult(), pester(), gather()))
                .build();
        opened.add(upstream);
        BulwarkHttp http =
                BulwarkHttp.builder(upstream).port(0).managementPort(0).start();
        opened.add(http);
        gateway = new OneUpstreamGateway(
                UpstreamSettings.builder("up")
                        .transport("http")
                        .url("http://127.0.0.1:" + http.port() + "/mcp")
                        .timeout(TIMEOUT)
                        .era(UpstreamSettings.Era.V2026_07_28)
                        .build(),
                Duration.ofSeconds(5),
                new SimpleMeterRegistry());
        opened.add(gateway);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** Asks one more question each round, and never stops. */
    private Tool<?, ?> pester() {
        return Tool.builder("pester", Stage.Text.class, Stage.Text.class)
                .description("Never stops asking")
                .handler((input, context) -> {
                    pestered.incrementAndGet();
                    for (int i = 0; ; i++) {
                        context.ask(ClientRequest.elicitation("question-" + i, "Question " + i, FOLDER_FORM));
                    }
                })
                .build();
    }

    /** Asks the client for a folder and its roots together, in one round. */
    private Tool<?, ?> gather() {
        return Tool.builder("gather", Stage.Text.class, Stage.Text.class)
                .description("Asks two things at once")
                .handler((input, context) -> {
                    gathered.incrementAndGet();
                    ClientAnswers answers = context.ask(
                            ClientRequest.elicitation("folder", "Which folder?", FOLDER_FORM),
                            ClientRequest.roots("roots"));
                    ElicitationResult folder = answers.elicitation("folder");
                    String roots = answers.roots("roots").stream()
                            .map(Root::uri)
                            .collect(java.util.stream.Collectors.joining(","));
                    return ToolResult.of(new Stage.Text(
                            "elicited=" + folder.action() + " " + folder.content() + "\nroots=" + roots));
                })
                .build();
    }

    /** A 2025-11-25 caller declaring {@code capabilities}, which answers whatever it is asked. */
    private McpSyncClient client2025(McpSchema.ClientCapabilities capabilities, List<String> asked) {
        McpSyncClient client = McpClient.sync(
                        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gateway.port())
                                .endpoint("/mcp")
                                .build())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(capabilities)
                .roots(new McpSchema.Root("file:///home/user/project", "project"))
                .sampling(request -> {
                    asked.add("sampling");
                    return McpSchema.CreateMessageResult.builder(
                                    McpSchema.Role.ASSISTANT, "A short summary", "caller-model")
                            .build();
                })
                .elicitation(request -> {
                    asked.add("elicitation");
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("folder", "docs"));
                })
                .build();
        opened.add(client::closeGracefully);
        client.initialize();
        return client;
    }

    private static McpSchema.CallToolResult call(McpSyncClient client, String tool) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool)
                .arguments(Map.of("text", "go"))
                .progressToken("caller-token")
                .build());
    }

    @Test
    void aCallerOf2025AnswersTheUpstreamsRoundsOverItsSessionAndTheAnswersReachTheUpstreamTool() {
        List<String> asked = new CopyOnWriteArrayList<>();
        McpSyncClient client = client2025(
                McpSchema.ClientCapabilities.builder()
                        .sampling()
                        .elicitation()
                        .roots(false)
                        .build(),
                asked);

        McpSchema.CallToolResult result = call(client, "up_consult");

        assertThat(result.isError()).as(OneUpstreamGateway.text(result)).isNotEqualTo(Boolean.TRUE);
        assertThat(OneUpstreamGateway.text(result))
                .contains("sampled=A short summary")
                .contains("elicited=ACCEPT {folder=docs}")
                .contains("roots=file:///home/user/project");
        assertThat(asked).containsExactly("sampling", "elicitation");
    }

    @Test
    void theUpstreamIsToldOnlyTheCapabilitiesTheCallerDeclaredAndRefusesTheOthersItself() {
        List<String> asked = new CopyOnWriteArrayList<>();
        McpSyncClient client =
                client2025(McpSchema.ClientCapabilities.builder().sampling().build(), asked);

        McpSchema.CallToolResult result = call(client, "up_consult");

        assertThat(OneUpstreamGateway.text(result))
                .contains("sampled=A short summary")
                .contains("elicited=refused: ")
                .contains("did not declare the elicitation capability")
                .contains("roots=refused: ");
        assertThat(asked).containsExactly("sampling");
    }

    @Test
    void aCallerOf2026IsAskedInRoundsOfItsOwnAndItsRetriesCarryTheAnswersToTheUpstreamTool() throws Exception {
        List<List<String>> rounds = new ArrayList<>();
        JsonNode answer = callIn2026("up_consult", rounds);

        JsonNode result = answer.path("result");
        assertThat(result.path("isError").asBoolean(false))
                .as(answer.toString())
                .isFalse();
        assertThat(result.path("content").get(0).path("text").asText())
                .contains("sampled=A short summary")
                .contains("elicited=ACCEPT {folder=docs}")
                .contains("roots=file:///home/user/project");
        assertThat(rounds)
                .containsExactly(
                        List.of("sampling/createMessage"), List.of("elicitation/create"), List.of("roots/list"));
    }

    @Test
    void aCallerOf2026IsAskedAllOfOneUpstreamRoundsRequestsInOneRoundOfItsOwn() throws Exception {
        List<List<String>> rounds = new ArrayList<>();
        JsonNode answer = callIn2026("up_gather", rounds);

        JsonNode result = answer.path("result");
        assertThat(result.path("isError").asBoolean(false))
                .as(answer.toString())
                .isFalse();
        assertThat(result.path("content").get(0).path("text").asText())
                .contains("elicited=ACCEPT {folder=docs}")
                .contains("roots=file:///home/user/project");
        assertThat(rounds).containsExactly(List.of("elicitation/create", "roots/list"));
    }

    @Test
    void aCallerOf2025IsAskedEachOfOneUpstreamRoundsRequestsOverItsSession() {
        List<String> asked = new CopyOnWriteArrayList<>();
        McpSyncClient client = client2025(
                McpSchema.ClientCapabilities.builder()
                        .elicitation()
                        .roots(false)
                        .build(),
                asked);

        McpSchema.CallToolResult result = call(client, "up_gather");

        assertThat(result.isError()).as(OneUpstreamGateway.text(result)).isNotEqualTo(Boolean.TRUE);
        assertThat(OneUpstreamGateway.text(result))
                .contains("elicited=ACCEPT {folder=docs}")
                .contains("roots=file:///home/user/project");
        assertThat(asked).containsExactly("elicitation");
        assertThat(gathered.get()).isEqualTo(2);
    }

    /**
     * Calls {@code tool} as a 2026-07-28 caller answering every {@code input_required} round (at most five), each
     * round's methods added to {@code rounds}; the last answer.
     */
    private JsonNode callIn2026(String tool, List<List<String>> rounds) throws Exception {
        ObjectNode params = Wire.JSON.createObjectNode().put("name", tool);
        params.putObject("arguments").put("text", "go");
        JsonNode answer = post2026(params);
        for (int round = 0;
                round < 5
                        && "input_required"
                                .equals(answer.path("result").path("resultType").asText());
                round++) {
            JsonNode required = answer.path("result");
            ObjectNode retry = params.deepCopy();
            ObjectNode responses = retry.putObject("inputResponses");
            List<String> asked = new ArrayList<>();
            required.path("inputRequests").fields().forEachRemaining(request -> {
                String method = request.getValue().path("method").asText();
                asked.add(method);
                responses.set(request.getKey(), Wire.JSON.valueToTree(answerOf(method)));
            });
            rounds.add(asked);
            retry.set("requestState", required.path("requestState"));
            answer = post2026(retry);
        }
        return answer;
    }

    @Test
    void anUpstreamThatNeverStopsAskingIsEndedAtTheRoundLimitWithAClearError() {
        List<String> asked = new CopyOnWriteArrayList<>();
        McpSyncClient client =
                client2025(McpSchema.ClientCapabilities.builder().elicitation().build(), asked);

        McpSchema.CallToolResult result = call(client, "up_pester");

        assertThat(result.isError()).isTrue();
        assertThat(OneUpstreamGateway.text(result))
                .contains("asked the caller for input in more than 8 rounds")
                .doesNotContain("127.0.0.1");
        assertThat(asked).hasSize(8);
        assertThat(pestered.get()).isEqualTo(9);
    }

    /** The answer a 2026-07-28 caller gives to a request of {@code method}. */
    private static Map<String, Object> answerOf(String method) {
        return switch (method) {
            case "sampling/createMessage" ->
                Map.of(
                        "role",
                        "assistant",
                        "content",
                        Map.of("type", "text", "text", "A short summary"),
                        "model",
                        "caller-model");
            case "elicitation/create" -> Map.of("action", "accept", "content", Map.of("folder", "docs"));
            default -> Map.of("roots", List.of(Map.of("uri", "file:///home/user/project", "name", "project")));
        };
    }

    /** Posts a 2026-07-28 {@code tools/call} declaring sampling, elicitation and roots, and reads its answer. */
    private JsonNode post2026(ObjectNode params) throws Exception {
        String body = Wire.request(1, "tools/call", params, true, List.of())
                .replace(
                        "\"io.modelcontextprotocol/clientCapabilities\":{}",
                        "\"io.modelcontextprotocol/clientCapabilities\":"
                                + "{\"sampling\":{},\"elicitation\":{},\"roots\":{}}");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/mcp"))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json, text/event-stream")
                                .header("MCP-Protocol-Version", Wire.ERA_2026)
                                .header("Mcp-Method", "tools/call")
                                .header("Mcp-Name", params.path("name").asText())
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Wire.answerTo(1, response.body());
        assertThat(answer).as(response.body()).isNotNull();
        return answer;
    }
}
