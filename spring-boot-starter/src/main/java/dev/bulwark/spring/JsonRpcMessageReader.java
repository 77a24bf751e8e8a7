package dev.bulwark.spring;

import dev.bulwark.http.edge.JsonRpcErrors;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a session-era POST body, already read as JSON, into one JSON-RPC message, or says why it is refused, as the
 * server jar's HTTP door does: a request refused only for its params (an unknown tool) is answered in band. Thread-safe.
 */
final class JsonRpcMessageReader {

    /** What a body reads as: its message, or the refusal to answer it with. */
    sealed interface Read permits Message, Refused {}

    /** The body is this message. */
    record Message(McpSchema.JSONRPCMessage message) implements Read {}

    /** The body is refused with this HTTP status and JSON-RPC error; {@code id} is its request's, when valid. */
    record Refused(int status, Object id, int code, String message) implements Read {}

    private final McpJsonMapper mapper;

    /** @param mapper the server's checking mapper, which refuses a message that does not fit with an MCP error */
    JsonRpcMessageReader(McpJsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * The message {@code value} holds.
     *
     * @param json whether the body is JSON at all
     * @param value the body as one JSON value ({@code Map} for an object) when it is
     */
    Read read(boolean json, Object value) {
        if (!json) {
            return new Refused(
                    400,
                    null,
                    JsonRpcErrors.PARSE_ERROR,
                    "Parse error: the body is not valid JSON (one value, each key once)");
        }
        if (!(value instanceof Map<?, ?> message)) {
            return new Refused(
                    400,
                    null,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: the body must be one JSON-RPC message, a JSON object (not an array:"
                            + " batches are not supported; not a string or a number)");
        }
        Object id = validIdOf(message.get("id"));
        try {
            if (message.containsKey("method")) {
                return new Message(
                        message.containsKey("id")
                                ? mapper.convertValue(message, McpSchema.JSONRPCRequest.class)
                                : mapper.convertValue(message, McpSchema.JSONRPCNotification.class));
            }
            if (message.containsKey("result") || message.containsKey("error")) {
                return new Message(mapper.convertValue(message, McpSchema.JSONRPCResponse.class));
            }
        } catch (RuntimeException refused) {
            if (refused.getCause() instanceof McpError checked) {
                int code = checked.getJsonRpcError().code();
                boolean inBand = code == McpSchema.ErrorCodes.INVALID_PARAMS && id != null;
                return new Refused(
                        inBand ? 200 : 400, id, code, checked.getJsonRpcError().message());
            }
            return new Refused(
                    400,
                    id,
                    JsonRpcErrors.INVALID_REQUEST,
                    "Invalid Request: the message does not fit the JSON-RPC message it claims to be");
        }
        return new Refused(
                400,
                id,
                JsonRpcErrors.INVALID_REQUEST,
                "Invalid Request: a message needs a method (a request or notification), or a result or an error"
                        + " (a response)");
    }

    /**
     * The id to answer a refused message with: its own when the server takes it (a string or an integer of at most
     * 64 bits), otherwise {@code null}, as JSON-RPC wants for an id that cannot be read.
     */
    private static Object validIdOf(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long ? id : null;
    }
}
