package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An MCP server over Streamable HTTP on loopback, written by hand so that a test sees every request: it serves one
 * tool ({@code echo}), one prompt ({@code greet}) and one resource ({@code fake://readme}), answering each POST with
 * JSON, and records the trace context of each call in its {@code _meta} and its headers. Thread-safe.
 */
final class FakeHttpUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRACED = List.of("tools/call", "prompts/get", "resources/read");

    private final HttpServer server;
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    FakeHttpUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", this::serve);
        // the relay tool's stream stays open while the answers to its requests come on other requests
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-http-upstream");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** The MCP endpoint's URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    /**
     * What it saw of each call: {@code meta <method> <key=value>...} from its {@code _meta}, and
     * {@code headers <method> <key=value>...} from its HTTP headers.
     */
    List<String> recorded() {
        return List.copyOf(recorded);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode message = JSON.readTree(exchange.getRequestBody());
            String method = message.path("method").asText("");
            if (TRACED.contains(method)) {
                recorded.add(FakeUpstream.traced(method, message.path("params").path("_meta")));
                ObjectNode headers = JSON.createObjectNode();
                for (String key : List.of("traceparent", "tracestate", "baggage")) {
                    String value = exchange.getRequestHeaders().getFirst(key);
                    if (value != null) {
                        headers.put(key, value);
                    }
                }
                recorded.add("headers" + FakeUpstream.traced(method, headers).substring("meta".length()));
            }
            if (!message.has("method") && message.has("id")) {
                answers.computeIfAbsent(
                                message.get("id").asText(), key -> new java.util.concurrent.CompletableFuture<>())
                        .complete(
                                message.has("error")
                                        ? JSON.createObjectNode().set("error", message.get("error"))
                                        : message.get("result"));
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            if (method.equals("tools/call")
                    && message.path("params").path("name").asText().equals("relay")) {
                relay(exchange, message);
                return;
            }
            ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
            answer.set("id", message.get("id"));
            answer.set("result", result(method, message.path("params")));
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The answers to the relay tool's requests, by request id. */
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<JsonNode>> answers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Answers a call of {@code relay} with an event stream: a progress notification with the call's token, a log
     * message, then one sampling, elicitation and roots request each, waiting for each answer; the result holds them.
     */
    private void relay(HttpExchange exchange, JsonNode call) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (JsonNode notification : FakeUpstream.relayNotifications(
                call.path("params").path("_meta").get("progressToken"))) {
            event(out, notification);
        }
        ObjectNode collected = JSON.createObjectNode();
        for (String method : FakeUpstream.RELAY_METHODS) {
            ObjectNode request = FakeUpstream.relayRequest(method);
            String id = request.get("id").asText();
            event(out, request);
            try {
                collected.set(
                        id.substring("relay-".length()),
                        answers.computeIfAbsent(id, key -> new java.util.concurrent.CompletableFuture<>())
                                .get(20, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
                collected.put(id.substring("relay-".length()), "no answer");
            }
            answers.remove(id);
        }
        ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", call.get("id"));
        answer.putObject("result")
                .putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", JSON.writeValueAsString(collected));
        event(out, answer);
        out.close();
    }

    private static void event(OutputStream out, JsonNode message) throws IOException {
        out.write(("event: message\ndata: " + JSON.writeValueAsString(message) + "\n\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode result(String method, JsonNode params) {
        ObjectNode result = JSON.createObjectNode();
        switch (method) {
            case "initialize" -> {
                result.put("protocolVersion", params.path("protocolVersion").asText());
                ObjectNode capabilities = result.putObject("capabilities");
                capabilities.putObject("tools");
                capabilities.putObject("prompts");
                capabilities.putObject("resources");
                result.putObject("serverInfo").put("name", "fake-http-upstream").put("version", "1");
            }
            case "tools/list" -> {
                com.fasterxml.jackson.databind.node.ArrayNode tools = result.putArray("tools");
                tools.addObject().put("name", "echo").putObject("inputSchema").put("type", "object");
                tools.addObject().put("name", "relay").putObject("inputSchema").put("type", "object");
            }
            case "prompts/list" -> result.putArray("prompts").addObject().put("name", "greet");
            case "resources/list" ->
                result.putArray("resources")
                        .addObject()
                        .put("uri", "fake://readme")
                        .put("name", "readme");
            case "resources/templates/list" -> result.putArray("resourceTemplates");
            case "tools/call" ->
                result.putArray("content").addObject().put("type", "text").put("text", "echoed");
            case "prompts/get" ->
                result.putArray("messages")
                        .addObject()
                        .put("role", "user")
                        .putObject("content")
                        .put("type", "text")
                        .put("text", "Hello");
            case "resources/read" ->
                result.putArray("contents")
                        .addObject()
                        .put("uri", "fake://readme")
                        .put("text", "Read me.");
            default -> {
                // ping and anything else: an empty result
            }
        }
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
