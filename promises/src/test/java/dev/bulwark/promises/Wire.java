package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON-RPC messages a door sends, in the two protocol eras. */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ERA_2025 = "2025-11-25";
    static final String ERA_2026 = "2026-07-28";
    /** The Tasks extension's identifier. */
    static final String TASKS = "io.modelcontextprotocol/tasks";

    private Wire() {}

    static String initialize(long id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + ERA_2025 + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"promises\",\"version\":\"1\"}}}";
    }

    static String initialized() {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    }

    /**
     * A {@code tools/call}, or an extension's method; in the 2026-07-28 era, with the protocol version and capabilities
     * in its {@code _meta}, declaring the extension that answers the call, if one does.
     */
    static String toolsCall(long id, ToolCall call, boolean era2026) {
        return request(
                id,
                call.method(),
                call.params(),
                era2026,
                call.declares().stream().toList());
    }

    /**
     * A request; in the 2026-07-28 era, with the protocol version and the client's capabilities in its {@code _meta}:
     * the Tasks extension when {@code declaringTasks}, none otherwise (a client that declares it gets a task for every
     * call of a tool that may run as one).
     */
    static String request(long id, String method, ObjectNode params, boolean era2026, boolean declaringTasks) {
        return request(id, method, params, era2026, declaringTasks ? List.of(TASKS) : List.of());
    }

    /**
     * A request; in the 2026-07-28 era, with the protocol version and the client's capabilities in its {@code _meta},
     * which declare {@code extensions}.
     */
    static String request(long id, String method, ObjectNode params, boolean era2026, List<String> extensions) {
        ObjectNode sent = params.deepCopy();
        if (era2026) {
            Map<String, Object> declared = new LinkedHashMap<>();
            extensions.forEach(extension -> declared.put(extension, Map.of()));
            Map<String, Object> capabilities = declared.isEmpty() ? Map.of() : Map.of("extensions", declared);
            sent.set(
                    "_meta",
                    JSON.valueToTree(Map.of(
                            "io.modelcontextprotocol/protocolVersion",
                            ERA_2026,
                            "io.modelcontextprotocol/clientCapabilities",
                            capabilities)));
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        request.set("params", sent);
        return request.toString();
    }

    /** The JSON-RPC error of an HTTP refusal's body, or null when the body is not one. */
    static JsonNode refusal(String body) throws Exception {
        if (!body.trim().startsWith("{")) {
            return null;
        }
        JsonNode message = JSON.readTree(body);
        return message.has("error") ? message : null;
    }

    /** The message among {@code text}'s JSON lines or SSE {@code data:} lines that answers {@code id}, or null. */
    static JsonNode answerTo(long id, String text) throws Exception {
        for (String line : text.split("\n")) {
            String data =
                    line.startsWith("data:") ? line.substring("data:".length()).trim() : line.trim();
            if (data.startsWith("{")) {
                JsonNode message = JSON.readTree(data);
                if (message.path("id").asLong(-1) == id && (message.has("result") || message.has("error"))) {
                    return message;
                }
            }
        }
        return null;
    }
}
