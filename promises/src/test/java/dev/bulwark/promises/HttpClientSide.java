package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    private final int port;
    private final AutoCloseable server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(EXCHANGE).build();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    HttpClientSide(HttpDoor.Dialect dialect, int port, AutoCloseable server) {
        this.dialect = dialect;
        this.port = port;
        this.server = server;
    }

    @Override
    public Answer call(Caller caller, ToolCall call) throws Exception {
        long id = ids.incrementAndGet();
        boolean era2026 = dialect == HttpDoor.Dialect.ERA_2026;
        HttpRequest.Builder request = post(caller, Wire.toolsCall(id, call, era2026));
        if (era2026) {
            request.header("MCP-Protocol-Version", Wire.ERA_2026)
                    .header("Mcp-Method", "tools/call")
                    .header("Mcp-Name", call.tool());
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
            throw new AssertionError(
                    "HTTP " + response.statusCode() + " with no answer to " + call + ": " + response.body());
        }
        return new Answer(answer);
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
