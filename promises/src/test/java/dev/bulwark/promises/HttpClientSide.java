package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's side of a door over Streamable HTTP: sends each call to the door's path ({@code /mcp} unless named) on
 * a port of 127.0.0.1 with the caller's API key, in one {@link HttpDoor.Dialect}, making a 2025-11-25 session per caller where the server keeps
 * them; closing it closes the server. As such it is a door whose server runs in the test's own process, serving every
 * kind of tool, logging to the test's log and counting on {@code counters}. Thread-safe.
 */
final class HttpClientSide implements Door.Opened {

    /** A bound on one exchange: generous, it only matters when an answer never comes. */
    private static final Duration EXCHANGE = Duration.ofSeconds(60);

    private final HttpDoor.Dialect dialect;
    private final Stage stage;
    private final int port;
    private final String path;
    private final Counters counters;
    private final AutoCloseable server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(EXCHANGE).build();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    HttpClientSide(HttpDoor.Dialect dialect, Stage stage, int port, Counters counters, AutoCloseable server) {
        this(dialect, stage, port, "/mcp", counters, server);
    }

    /** A client side that sends to {@code path} on {@code port}: a door that serves MCP elsewhere than {@code /mcp}. */
    HttpClientSide(
            HttpDoor.Dialect dialect, Stage stage, int port, String path, Counters counters, AutoCloseable server) {
        this.dialect = dialect;
        this.stage = stage;
        this.port = port;
        this.path = path;
        this.counters = counters;
        this.server = server;
    }

    /** The port of the door's path. */
    int port() {
        return port;
    }

    /** The path MCP is served at on {@link #port()}. */
    String path() {
        return path;
    }

    @Override
    public Map<ToolKind, String> kindsNotServed() {
        return dialect == HttpDoor.Dialect.ERA_2026
                ? Map.of()
                : Map.of(
                        ToolKind.AUGMENTED,
                        ToolKind.AUGMENTED_ONLY_IN_2026,
                        ToolKind.ACCEPTED,
                        ToolKind.AUGMENTED_ONLY_IN_2026);
    }

    @Override
    public LogWatch watchLogs() {
        return LogCapture.everythingAtTrace();
    }

    @Override
    public DatabaseAtDoor database() {
        return DatabaseAtDoor.none(DatabaseAtDoor.STAGE_NEEDS_NONE);
    }

    @Override
    public Counters counters() {
        return counters;
    }

    @Override
    public Answer call(Caller caller, ToolCall call) throws Exception {
        return new Answer(exchange(
                caller, call.method(), call.params(), call.declares().stream().toList()));
    }

    @Override
    public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks) throws Exception {
        return exchange(caller, method, params, declaringTasks ? List.of(Wire.TASKS) : List.of());
    }

    /** Sends one request whose client declares {@code extensions} (in the 2026-07-28 era) and returns its answer. */
    private JsonNode exchange(Caller caller, String method, ObjectNode params, List<String> extensions)
            throws Exception {
        long id = ids.incrementAndGet();
        String body = Wire.request(id, method, params, dialect == HttpDoor.Dialect.ERA_2026, extensions);
        HttpRequest.Builder request = post(caller, body);
        headers(caller, method, params).forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Wire.answerTo(id, response.body());
        if (answer == null && response.statusCode() >= 400) {
            // refused at the edge, before dispatch (403 insufficient_scope): a JSON-RPC error without an id
            answer = Wire.refusal(response.body());
        }
        if (answer == null) {
            throw new AssertionError("HTTP " + response.statusCode() + " with no answer to " + method + " " + params
                    + ": " + response.body());
        }
        return answer;
    }

    /**
     * The whole HTTP/1.1 request of a {@code tools/call} of {@code call} as {@code caller}, as {@link #call} sends it,
     * for a client that writes it on a connection of its own (and may close it before the answer).
     */
    byte[] rawCall(Caller caller, ToolCall call) throws Exception {
        ObjectNode params = call.params();
        byte[] body = Wire.toolsCall(ids.incrementAndGet(), call, dialect == HttpDoor.Dialect.ERA_2026)
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        head.append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
        head.append("X-API-Key: ").append(caller.apiKey()).append("\r\n");
        headers(caller, call.method(), params)
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    /** The headers of the dialect beside the body: the era's, the 2025 session's, the 2026 method and name. */
    private Map<String, String> headers(Caller caller, String method, ObjectNode params) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (dialect == HttpDoor.Dialect.ERA_2026) {
            headers.put("MCP-Protocol-Version", Wire.ERA_2026);
            headers.put("Mcp-Method", method);
            // the header names what the body names: a tool, a resource, or a task
            String named = params.has("name")
                    ? params.path("name").asText()
                    : params.has("uri")
                            ? params.path("uri").asText()
                            : params.path("taskId").asText(null);
            if (named != null) {
                headers.put("Mcp-Name", named);
            }
        } else {
            headers.put("MCP-Protocol-Version", Wire.ERA_2025);
            String session = session(caller);
            if (session != null) {
                headers.put("Mcp-Session-Id", session);
            }
        }
        return headers;
    }

    @Override
    public TaskWire tasks() {
        return switch (dialect) {
            case SESSIONS_2025 -> TaskWire.ERA_2025;
            case STATELESS_2025 -> TaskWire.NONE;
            case ERA_2026 -> TaskWire.ERA_2026;
        };
    }

    @Override
    public Map<Budget, BudgetAtDoor> budgets() {
        Map<Budget, BudgetAtDoor> budgets = new EnumMap<>(Budgets.ofTasks(this, stage, tasks()));
        budgets.put(Budget.CONNECTIONS, Budgets.connections(port));
        budgets.put(
                Budget.SUBSCRIPTIONS,
                dialect == HttpDoor.Dialect.ERA_2026
                        ? Budgets.subscriptions(port, path, stage.limited)
                        : BudgetAtDoor.none("a 2025-11-25 client has no subscriptions/listen"));
        budgets.put(Budget.LARGE_REQUEST_MEMORY, BudgetAtDoor.unchecked(Budgets.HEAP_SHARED_WITH_THE_TEST));
        return budgets;
    }

    /** The caller's 2025 session (null without sessions), made by an initialize the first time. */
    private String session(Caller caller) throws Exception {
        if (sessions.containsKey(caller.subject())) {
            return sessions.get(caller.subject()).isEmpty() ? null : sessions.get(caller.subject());
        }
        HttpResponse<String> initialized = client.send(
                post(caller, Wire.initialize(ids.incrementAndGet())).build(), HttpResponse.BodyHandlers.ofString());
        if (initialized.statusCode() != 200) {
            throw new AssertionError("initialize answered " + initialized.statusCode() + ": " + initialized.body());
        }
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElse("");
        HttpRequest.Builder notification =
                post(caller, Wire.initialized()).header("MCP-Protocol-Version", Wire.ERA_2025);
        if (!session.isEmpty()) {
            notification.header("Mcp-Session-Id", session);
        }
        client.send(notification.build(), HttpResponse.BodyHandlers.discarding());
        sessions.put(caller.subject(), session);
        return session.isEmpty() ? null : session;
    }

    private HttpRequest.Builder post(Caller caller, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(EXCHANGE)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-API-Key", caller.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
