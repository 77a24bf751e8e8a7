package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.Map;

/**
 * The JSON-RPC 2.0 envelope of a message a client sends, as MCP requires it: {@code "jsonrpc": "2.0"}, a string
 * {@code method} on requests and notifications, and a string or integer {@code id} on requests and responses (MCP
 * forbids a null id); a request or notification carries no {@code result} or {@code error}, and a response one of
 * the two, not both. The SDK reads {@code "jsonrpc": "1.0"}, a numeric method, an object id, or a request that also
 * carries a result without complaint.
 */
final class JsonRpcEnvelope {

    private JsonRpcEnvelope() {}

    /**
     * Checks {@code message}, about to be read as {@code type}.
     *
     * @throws McpError an {@code Invalid Request} error naming what is wrong
     */
    static void check(Map<?, ?> message, Class<?> type) {
        if (!"2.0".equals(message.get("jsonrpc"))) {
            throw invalid("jsonrpc must be \"2.0\"");
        }
        boolean request = type == JSONRPCRequest.class;
        if ((request || type == JSONRPCNotification.class) && !(message.get("method") instanceof String)) {
            throw invalid("method must be a string");
        }
        if ((request || type == JSONRPCResponse.class) && !isValidId(message.get("id"))) {
            throw invalid("id must be a string or an integer of at most 64 bits");
        }
        boolean carriesAnswer = message.containsKey("result") || message.containsKey("error");
        if (type != JSONRPCResponse.class && carriesAnswer) {
            throw invalid(
                    "a message with a method is a request or a notification, so it may carry no result or" + " error");
        }
        if (type == JSONRPCResponse.class && message.containsKey("result") && message.containsKey("error")) {
            throw invalid("a response carries a result or an error, not both");
        }
    }

    /**
     * Whether {@code id} is an id MCP allows that the SDK takes: a string or an integer of at most 64 bits (the SDK's
     * request refuses a larger one).
     */
    static boolean isValidId(Object id) {
        return id instanceof String || id instanceof Integer || id instanceof Long;
    }

    private static McpError invalid(String problem) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                .message("Invalid Request: " + problem)
                .build();
    }
}
