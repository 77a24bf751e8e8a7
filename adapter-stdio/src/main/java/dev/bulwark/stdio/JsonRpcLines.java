package dev.bulwark.stdio;

import dev.bulwark.ports.calls.CancelledRequests;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns outbound JSON-RPC messages into single lines of JSON for stdout.
 */
final class JsonRpcLines {

    /** Logs under the transport's name, so that every line of the stdio transport carries one logger. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private final McpJsonMapper jsonMapper;

    JsonRpcLines(McpJsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /**
     * Serializes one message to a single line of UTF-8. The mapper escapes line breaks inside strings, so a raw line
     * break can only be insignificant whitespace (a pretty-printing mapper); it becomes a space, keeping the JSON
     * valid.
     *
     * @return the line, without terminator; an internal-error line in place of a response that cannot be
     *     serialized; {@code null} for another message that cannot be (it is logged and dropped)
     */
    byte[] render(JSONRPCMessage message) {
        byte[] json;
        try {
            json = jsonMapper.writeValueAsBytes(message);
        } catch (IOException | RuntimeException e) {
            log.error("Could not serialize an outbound {}", message.getClass().getSimpleName(), e);
            if (message instanceof JSONRPCResponse response) {
                return error(
                                response.id(),
                                McpSchema.ErrorCodes.INTERNAL_ERROR,
                                "Internal error: the response could not be serialized")
                        .getBytes(StandardCharsets.UTF_8);
            }
            return null;
        }
        // In UTF-8 the bytes of \n and \r stand for nothing else, so the bytes can be searched as they are
        if (hasLineBreak(json)) {
            String text = new String(json, StandardCharsets.UTF_8);
            return text.replace("\r\n", " ")
                    .replace('\n', ' ')
                    .replace('\r', ' ')
                    .getBytes(StandardCharsets.UTF_8);
        }
        return json;
    }

    private static boolean hasLineBreak(byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code notifications/cancelled} that tells the client the server no longer waits for its answer to the
     * server's request {@code requestId}.
     */
    static McpSchema.JSONRPCNotification cancelled(Object requestId, String reason) {
        return new McpSchema.JSONRPCNotification(
                McpSchema.JSONRPC_VERSION, CancelledRequests.METHOD, Map.of("requestId", requestId, "reason", reason));
    }

    /**
     * Renders an error response by hand: the SDK's {@link JSONRPCResponse} rejects a {@code null} id, and a mapper
     * configured to omit nulls would drop the {@code "id": null} JSON-RPC requires.
     */
    static String error(Object id, int code, String message) {
        String idJson = id == null ? "null" : id instanceof String text ? jsonString(text) : id.toString();
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":" + code + ",\"message\":"
                + jsonString(message) + "}}";
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(value, i)) {
                        // a lone surrogate has no UTF-8: written as is it would become '?', another id
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /**
     * The UTF-8 of a rendered JSON line, with each lone surrogate written as its {@code \\u} escape (four hex
     * digits): it has no UTF-8 and would become '?' (a client's id {@code "\\ud800"} answered as {@code "?"}).
     * Outside strings JSON is ASCII, so a surrogate can only be inside a string, where the escape means the same
     * char.
     */
    static byte[] utf8(String json) {
        for (int i = 0; i < json.length(); i++) {
            if (Character.isSurrogate(json.charAt(i)) && isLoneSurrogate(json, i)) {
                StringBuilder escaped = new StringBuilder(json.length() + 16);
                for (int j = 0; j < json.length(); j++) {
                    char c = json.charAt(j);
                    if (Character.isSurrogate(c) && isLoneSurrogate(json, j)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
                return escaped.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the char at {@code i} is half of a surrogate pair without its other half. */
    private static boolean isLoneSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
