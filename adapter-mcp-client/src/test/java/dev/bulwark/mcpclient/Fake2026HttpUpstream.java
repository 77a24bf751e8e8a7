package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A 2026-07-28 upstream over HTTP on loopback, written by hand: it records each request as it saw it and answers each
 * as the test's function says, on a thread of its own, so an answer may wait; a notification gets 202. Thread-safe.
 */
final class Fake2026HttpUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it, and the client's end of its connection. */
    record Seen(Map<String, List<String>> headers, JsonNode body, InetSocketAddress remote) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String method() {
            return body.path("method").asText();
        }
    }

    /** An answer: its content type and body. */
    record Answer(String type, String body) {

        /** A JSON response to {@code request} whose {@code result} is the JSON {@code result}. */
        static Answer result(JsonNode request, String result) {
            return new Answer(
                    "application/json",
                    "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + result + "}");
        }

        /** A JSON-RPC error response to {@code request}. */
        static Answer error(JsonNode request, int code, String message) {
            return new Answer(
                    "application/json",
                    "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"error\":"
                            + JSON.createObjectNode()
                                    .put("code", code)
                                    .put("message", message)
                                    .toString() + "}");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** Starts serving on a free port, answering each request (one with an id) with {@code answers}' answer. */
    Fake2026HttpUpstream(Function<JsonNode, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", exchange -> answer(exchange, answers));
        threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-2026-http-upstream");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.start();
    }

    /** The MCP endpoint's URL. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** Every request seen so far, in order. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The bodies of the requests (or notifications) of {@code method} seen so far, in order. */
    List<JsonNode> sent(String method) {
        return seen.stream()
                .filter(request -> request.method().equals(method))
                .map(Seen::body)
                .toList();
    }

    /** The last request of {@code method} seen. */
    Seen last(String method) {
        return seen.stream()
                .filter(request -> request.method().equals(method))
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    /** Forgets what it saw. */
    void clear() {
        seen.clear();
    }

    private void answer(HttpExchange exchange, Function<JsonNode, Answer> answers) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            seen.add(new Seen(Map.copyOf(exchange.getRequestHeaders()), body, exchange.getRemoteAddress()));
            if (!body.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            Answer answer = answers.apply(body);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.type());
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
