package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.mcpclient.Fake2026HttpUpstream.Answer;
import dev.bulwark.mcpclient.Fake2026HttpUpstream.Seen;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 2026-07-28 client's wire, against an HTTP server written by hand that records each request and answers it as a
 * test says: the era's {@code _meta} and headers, an event-stream answer, and an {@code input_required} answer.
 */
class Era2026ClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fake2026HttpUpstream upstream;
    /** A server of a test's own, for an answer that is not JSON-RPC. */
    private HttpServer server;

    private Era2026Client client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully().block();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(Function<JsonNode, Answer> answers) throws IOException {
        upstream = new Fake2026HttpUpstream(answers);
        client = new Era2026Client(
                "up",
                upstream.url(),
                Optional.of(Map.entry("X-Upstream-Key", "key-1")),
                1 << 20,
                Duration.ofSeconds(10));
    }

    private static Answer json(JsonNode request, String result) {
        return Answer.result(request, result);
    }

    private List<Seen> seen() {
        return upstream.seen();
    }

    private Seen seenOf(String method) {
        return upstream.last(method);
    }

    @Test
    void aToolCallCarriesTheErasMetaAndHeadersTheCredentialAndTheTraceContext() throws IOException {
        serve(request -> switch (request.path("method").asText()) {
            case "tools/list" ->
                json(
                        request,
                        "{\"tools\":[{\"name\":\"weather\",\"inputSchema\":{\"type\":\"object\",\"properties\":{"
                                + "\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}}}}]}");
            default ->
                json(request, "{\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}],\"resultType\":\"complete\"}");
        });
        client.listTools(null).block();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(
                        "weather",
                        Map.of("region", "Nordland"),
                        Map.of("progressToken", "bulwark-1", "traceparent", traceparent)))
                .block();

        Seen call = seenOf("tools/call");
        JsonNode meta = call.body().path("params").path("_meta");
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("sunny");
        assertThat(meta.path("io.modelcontextprotocol/protocolVersion").asText())
                .isEqualTo("2026-07-28");
        assertThat(meta.path("io.modelcontextprotocol/clientCapabilities").isObject())
                .isTrue();
        assertThat(meta.path("progressToken").asText()).isEqualTo("bulwark-1");
        assertThat(meta.path("traceparent").asText()).isEqualTo(traceparent);
        assertThat(call.header("MCP-Protocol-Version")).isEqualTo("2026-07-28");
        assertThat(call.header("Mcp-Method")).isEqualTo("tools/call");
        assertThat(call.header("Mcp-Name")).isEqualTo("weather");
        assertThat(call.header("Mcp-Param-Region")).isEqualTo("Nordland");
        assertThat(call.header("X-Upstream-Key")).isEqualTo("key-1");
        assertThat(call.header("traceparent")).isEqualTo(traceparent);
        assertThat(seenOf("tools/list").header("Mcp-Name")).isNull();
    }

    @Test
    void callsOneAfterAnotherStartNoThreadPerCall() throws IOException {
        serve(request ->
                json(request, "{\"content\":[{\"type\":\"text\",\"text\":\"sunny\"}],\"resultType\":\"complete\"}"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            call(i);
        }
        long before = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 60; i++) {
            call(i);
        }

        assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(15);
    }

    private void call(int i) {
        McpSchema.CallToolResult result = client.callTool(
                        new McpSchema.CallToolRequest("weather", Map.of(), Map.of("progressToken", "bulwark-" + i)))
                .block();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("sunny");
    }

    @Test
    void anEventStreamAnswersProgressToTheCallerAndThenTheResult() throws IOException {
        serve(request -> new Answer(
                "text/event-stream",
                "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{"
                        + "\"progressToken\":\"bulwark-2\",\"progress\":1,\"total\":2,\"message\":\"half\"}}\n\n"
                        + "data: {\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":{\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"done\"}],\"resultType\":\"complete\"}}\n\n"));
        List<String> progress = new CopyOnWriteArrayList<>();
        client.began("bulwark-2", new UpstreamCaller() {
            @Override
            public void progress(double done, Double total, String message) {
                progress.add(done + "/" + total + " " + message);
            }
        });

        McpSchema.CallToolResult result = client.callTool(
                        new McpSchema.CallToolRequest("slow", Map.of(), Map.of("progressToken", "bulwark-2")))
                .block();

        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("done");
        assertThat(progress).containsExactly("1.0/2.0 half");
    }

    @Test
    void aCallIsSentAndReadOnTheCallersThreadOnOneKeptConnection() throws IOException {
        serve(request -> new Answer(
                "text/event-stream",
                "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{"
                        + "\"progressToken\":\"bulwark-4\",\"progress\":1}}\n\n"
                        + "data: {\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":{\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"sunny\"}],\"resultType\":\"complete\"}}\n\n"));
        List<Thread> readers = new CopyOnWriteArrayList<>();
        client.began("bulwark-4", new UpstreamCaller() {
            @Override
            public void progress(double done, Double total, String message) {
                readers.add(Thread.currentThread());
            }
        });

        for (int i = 0; i < 3; i++) {
            client.callTool(new McpSchema.CallToolRequest("weather", Map.of(), Map.of("progressToken", "bulwark-4")))
                    .block();
        }

        assertThat(readers).hasSize(3).containsOnly(Thread.currentThread());
        assertThat(seen()).extracting(Seen::remote).containsOnly(seen().get(0).remote());
    }

    @Test
    void anInputRequiredRoundIsAskedOfTheCallerAndTheCallSentAgainWithTheAnswersAndTheState() throws IOException {
        serve(request -> request.path("params").has("inputResponses")
                ? json(request, "{\"content\":[{\"type\":\"text\",\"text\":\"thanks\"}],\"resultType\":\"complete\"}")
                : json(
                        request,
                        "{\"resultType\":\"input_required\",\"requestState\":\"state-1\",\"inputRequests\":{"
                                + "\"which\":{\"method\":\"elicitation/create\",\"params\":{\"mode\":\"form\","
                                + "\"message\":\"Which folder?\",\"requestedSchema\":{\"type\":\"object\"}}},"
                                + "\"where\":{\"method\":\"roots/list\"}}}"));
        List<String> asked = new CopyOnWriteArrayList<>();
        client.began("bulwark-3", new UpstreamCaller() {
            @Override
            public Set<String> features() {
                return Set.of("elicitation", "roots");
            }

            @Override
            public Map<String, Object> elicit(Map<String, Object> params) {
                asked.add("elicit " + params.get("message"));
                return Map.of("action", "accept", "content", Map.of("folder", "docs"));
            }

            @Override
            public List<Map<String, Object>> roots() {
                asked.add("roots");
                return List.of(Map.of("uri", "file:///home/user"));
            }
        });

        McpSchema.CallToolResult result = client.callTool(
                        new McpSchema.CallToolRequest("asks", Map.of("a", 1), Map.of("progressToken", "bulwark-3")))
                .block();

        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("thanks");
        assertThat(asked).containsExactly("elicit Which folder?", "roots");
        List<JsonNode> calls = seen().stream()
                .map(Seen::body)
                .filter(body -> body.path("method").asText().equals("tools/call"))
                .toList();
        assertThat(calls).hasSize(2);
        JsonNode first = calls.get(0).path("params");
        JsonNode retry = calls.get(1).path("params");
        assertThat(first.path("_meta").path("io.modelcontextprotocol/clientCapabilities"))
                .isEqualTo(JSON.readTree("{\"elicitation\":{\"form\":{}},\"roots\":{}}"));
        assertThat(first.has("inputResponses")).isFalse();
        assertThat(retry.path("requestState").asText()).isEqualTo("state-1");
        assertThat(retry.path("inputResponses"))
                .isEqualTo(JSON.readTree("{\"which\":{\"action\":\"accept\",\"content\":{\"folder\":\"docs\"}},"
                        + "\"where\":{\"roots\":[{\"uri\":\"file:///home/user\"}]}}"));
        assertThat(retry.path("arguments")).isEqualTo(first.path("arguments"));
    }

    @Test
    void aRoundTheCallerCannotAnswerEndsTheCallAsAToolErrorSayingWhyAndIsNotAnswered() throws IOException {
        serve(request -> json(
                request,
                "{\"resultType\":\"input_required\",\"inputRequests\":{\"a\":{\"method\":\"elicitation/create\"}}}"));

        McpSchema.CallToolResult result = client.callTool(
                        new McpSchema.CallToolRequest("asks", Map.of(), Map.of("progressToken", "bulwark-3")))
                .block();

        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .isEqualTo("Bulwark cannot relay elicitation/create: the call's caller cannot answer elicitation"
                        + " requests");
        assertThat(seen().stream()
                        .filter(seen -> seen.body().path("method").asText().equals("tools/call")))
                .hasSize(1);
        assertThat(seenOf("tools/call")
                        .body()
                        .path("params")
                        .path("_meta")
                        .path("io.modelcontextprotocol/clientCapabilities"))
                .isEmpty();
    }

    @Test
    void anUpstreamThatAsksRoundAfterRoundIsEndedAtTheLimit() throws IOException {
        serve(request -> json(
                request, "{\"resultType\":\"input_required\",\"inputRequests\":{\"a\":{\"method\":\"roots/list\"}}}"));
        client.began("bulwark-5", new UpstreamCaller() {
            @Override
            public List<Map<String, Object>> roots() {
                return List.of();
            }
        });

        McpSchema.CallToolResult result = client.callTool(
                        new McpSchema.CallToolRequest("asks", Map.of(), Map.of("progressToken", "bulwark-5")))
                .block();

        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .isEqualTo("Upstream up asked the caller for input in more than " + Era2026Client.MAX_INPUT_ROUNDS
                        + " rounds (input_required) during one call, so the gateway ended the call");
        assertThat(seen().stream()
                        .filter(seen -> seen.body().path("method").asText().equals("tools/call")))
                .hasSize(Era2026Client.MAX_INPUT_ROUNDS + 1);
    }

    @Test
    void discoveryTellsAnUpstreamOf2026FromOneThatAnswersInAnotherEra() throws IOException {
        serve(request -> request.path("method").asText().equals("server/discover")
                ? json(request, "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}}}")
                : json(request, "{}"));
        boolean speaks = client.speaks2026();
        close();
        serve(request -> new Answer(
                "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id")
                        + ",\"error\":{\"code\":-32600,\"message\":\"Bad Request: Server not initialized\"}}"));

        assertThat(speaks).isTrue();
        assertThat(client.speaks2026()).isFalse();
        assertThat(seenOf("server/discover").header("Mcp-Method")).isEqualTo("server/discover");
    }

    @Test
    void aRefusedCredentialIsAFailureToConnectNotAnotherEra() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(401, -1);
            }
        });
        server.start();
        client = new Era2026Client(
                "up",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"),
                Optional.empty(),
                1 << 20,
                Duration.ofSeconds(10));

        assertThatThrownBy(client::speaks2026)
                .isInstanceOf(dev.bulwark.ports.upstream.UpstreamCallException.class)
                .hasMessage("Upstream up answered HTTP 401: check its credential");
    }
}
