package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's side of a door over Streamable HTTP: sends each call to {@code /mcp} on a port of 127.0.0.1 with the
 * caller's API key, in one {@link HttpDoor.Dialect}, making a 2025-11-25 session per caller where the server keeps
 * them; closing it closes the server. Thread-safe.
 */
final class HttpClientSide implements Door.Opened {

    /** A bound on one exchange: generous, it only matters when an answer never comes. */
    private static final Duration EXCHANGE = Duration.ofSeconds(60);

    private final HttpDoor.Dialect dialect;
    private final Stage stage;
    private final int port;
    private final AutoCloseable server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(EXCHANGE).build();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    HttpClientSide(HttpDoor.Dialect dialect, Stage stage, int port, AutoCloseable server) {
        this.dialect = dialect;
        this.stage = stage;
        this.port = port;
        this.server = server;
    }

    @Override
    public Answer call(Caller caller, ToolCall call) throws Exception {
        ObjectNode params = Wire.JSON.createObjectNode();
        params.put("name", call.tool());
        params.set("arguments", Wire.JSON.valueToTree(call.arguments()));
        return new Answer(request(caller, "tools/call", params, false));
    }

    @Override
    public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks) throws Exception {
        long id = ids.incrementAndGet();
        boolean era2026 = dialect == HttpDoor.Dialect.ERA_2026;
        HttpRequest.Builder request = post(caller, Wire.request(id, method, params, era2026, declaringTasks));
        if (era2026) {
            request.header("MCP-Protocol-Version", Wire.ERA_2026).header("Mcp-Method", method);
            // the header names what the body names: a tool, or a task
            String named = params.has("name")
                    ? params.path("name").asText()
                    : params.path("taskId").asText(null);
            if (named != null) {
                request.header("Mcp-Name", named);
            }
        } else {
            request.header("MCP-Protocol-Version", Wire.ERA_2025);
            String session = session(caller);
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
        }
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
                        ? Budgets.subscriptions(port, stage.limited)
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
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
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
