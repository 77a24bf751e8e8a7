package dev.bulwark.http.exchange;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * A request body read as one JSON value, once for its exchange ({@link McpExchange#json}).
 *
 * @param value the value as read into {@code Object} (an object is a {@code Map}); {@code null} when not JSON
 * @param json whether the body is one JSON value
 */
public record JsonBody(Object value, boolean json) {

    /** A body that is not one JSON value. */
    public static final JsonBody NOT_JSON = new JsonBody(null, false);

    /** {@code body} read with {@code mapper}. */
    public static JsonBody read(McpJsonMapper mapper, byte[] body) {
        try {
            return new JsonBody(mapper.readValue(body, Object.class), true);
        } catch (IOException | RuntimeException notJson) {
            return NOT_JSON;
        }
    }

    /** The JSON object the body is, or {@code null} when it is not one. */
    @SuppressWarnings("unchecked") // the mapper reads a JSON object as a map with string keys
    public Map<String, Object> object() {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
