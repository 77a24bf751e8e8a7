package dev.bulwark.promises;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * One call through the pipeline: a {@code tools/call} of the tool {@code tool} with its arguments, or a request of an
 * extension's {@code method} (a view's {@code resources/read} too) with the arguments as its params, which the
 * pipeline runs as {@code tool}. A call {@code augmentedBy} an extension declares that extension and carries the
 * param it takes calls by.
 */
record ToolCall(String tool, Map<String, Object> arguments, String method, String augmentedBy) {

    /** The JSON-RPC method of a tool call. */
    static final String TOOLS_CALL = "tools/call";

    /** A {@code tools/call}. */
    ToolCall(String tool, Map<String, Object> arguments) {
        this(tool, arguments, TOOLS_CALL, null);
    }

    /** A request of an extension's {@code method}, which the pipeline names with dots for its slashes. */
    static ToolCall ofMethod(String method, Map<String, Object> params) {
        return new ToolCall(method.replace('/', '.'), params, method, null);
    }

    /**
     * What its audit line names in {@code tool}: the URI of a {@code resources/read} (audited as a resource's), the
     * tool's name otherwise.
     */
    String audited() {
        return "resources/read".equals(method) ? (String) arguments.get("uri") : tool;
    }

    /** A {@code resources/read} of an MCP Apps view, which the pipeline runs as the extension's reader. */
    static ToolCall ofRead(String uri) {
        return new ToolCall("resources.read.io.modelcontextprotocol.ui", Map.of("uri", uri), "resources/read", null);
    }

    /**
     * A {@code tools/call} of {@code tool} that the stage's preview extension answers in the tool's place: its client
     * declares {@link Stage#PREVIEW} and the params carry {@link Stage#PREVIEW_PARAM}.
     */
    static ToolCall augmented(String tool, Map<String, Object> arguments) {
        return new ToolCall(tool, arguments, TOOLS_CALL, Stage.PREVIEW);
    }

    /**
     * A {@code tools/call} of {@code tool} that the stage's later extension accepts and runs later: its client declares
     * {@link Stage#LATER} and the params carry {@link Stage#LATER_PARAM}.
     */
    static ToolCall acceptedLater(String tool, Map<String, Object> arguments) {
        return new ToolCall(tool, arguments, TOOLS_CALL, Stage.LATER);
    }

    /** Whether its answer is a job id, and its outcome the run's, read with {@link Stage#LATER_RESULT}. */
    boolean runsLater() {
        return Stage.LATER.equals(augmentedBy);
    }

    /** Whether this is a {@code tools/call}, not an extension's method. */
    boolean isToolsCall() {
        return TOOLS_CALL.equals(method);
    }

    /** The extension the call's client declares, in the 2026-07-28 era, when an extension answers the call. */
    Optional<String> declares() {
        return Optional.ofNullable(augmentedBy);
    }

    /** The request's params: a tool call's name and arguments, or an extension method's own. */
    ObjectNode params() {
        if (!isToolsCall()) {
            return Wire.JSON.valueToTree(arguments);
        }
        ObjectNode params = Wire.JSON.createObjectNode();
        params.put("name", tool);
        params.set("arguments", Wire.JSON.valueToTree(arguments));
        if (augmentedBy != null) {
            params.putObject(runsLater() ? Stage.LATER_PARAM : Stage.PREVIEW_PARAM);
        }
        return params;
    }
}
