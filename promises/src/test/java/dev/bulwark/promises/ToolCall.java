package dev.bulwark.promises;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One call through the pipeline: a {@code tools/call} of the tool {@code tool} with its arguments, or a request of an
 * extension's {@code method} (a view's {@code resources/read} too) with the arguments as its params, which the
 * pipeline runs as {@code tool}.
 */
record ToolCall(String tool, Map<String, Object> arguments, String method) {

    /** The JSON-RPC method of a tool call. */
    static final String TOOLS_CALL = "tools/call";

    /** A {@code tools/call}. */
    ToolCall(String tool, Map<String, Object> arguments) {
        this(tool, arguments, TOOLS_CALL);
    }

    /** A request of an extension's {@code method}, which the pipeline names with dots for its slashes. */
    static ToolCall ofMethod(String method, Map<String, Object> params) {
        return new ToolCall(method.replace('/', '.'), params, method);
    }

    /** A {@code resources/read} of an MCP Apps view, which the pipeline runs as the extension's reader. */
    static ToolCall ofRead(String uri) {
        return new ToolCall("resources.read.io.modelcontextprotocol.ui", Map.of("uri", uri), "resources/read");
    }

    /** Whether this is a {@code tools/call}, not an extension's method. */
    boolean isToolsCall() {
        return TOOLS_CALL.equals(method);
    }

    /** The request's params: a tool call's name and arguments, or an extension method's own. */
    ObjectNode params() {
        if (!isToolsCall()) {
            return Wire.JSON.valueToTree(arguments);
        }
        ObjectNode params = Wire.JSON.createObjectNode();
        params.put("name", tool);
        params.set("arguments", Wire.JSON.valueToTree(arguments));
        return params;
    }
}
