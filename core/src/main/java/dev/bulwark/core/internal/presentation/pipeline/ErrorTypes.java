package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.ports.DependencyUnavailableException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;

/** Classifies how a call ended into a short, bounded label for metrics and logs. */
public final class ErrorTypes {

    /** The label of a call that succeeded. */
    public static final String NONE = "none";
    /** The label of an unexpected failure. */
    public static final String INTERNAL = "internal";
    /** The label of an error result a handler returned itself. */
    public static final String TOOL_ERROR = "tool_error";
    /** The label of a call its client cancelled. */
    public static final String CANCELLED = dev.bulwark.core.ToolCancelledException.ERROR_TYPE;
    /**
     * The label of a call whose handler asked a 2026-era client for input it had not given yet
     * ({@link InputRequiredSignal}): answered with {@code input_required}, to run again with the answer. Not an error.
     */
    public static final String INPUT_REQUIRED = "input_required";
    /**
     * The error types of a failed call that Bulwark itself gives ({@link BulwarkException#errorType()} of its own
     * exceptions, and {@link #INTERNAL} and {@link #TOOL_ERROR}): {@code mcp_errors_total} is registered at zero for
     * each of them, so a fresh server's dashboards show them before the first failure.
     */
    public static final List<String> KNOWN = List.of(
            INTERNAL,
            TOOL_ERROR,
            "invalid_arguments",
            "permission_denied",
            "rate_limited",
            "timeout",
            "busy",
            "dependency_unavailable",
            "result_too_large",
            "client_feature_unavailable");

    /**
     * The error types of a call that ended as the caller's request deserved: its own mistake, a permission or a
     * limit it lacks, a feature its client lacks, or the tool's own error answer. Nothing for an operator to fix.
     */
    private static final List<String> CALLERS_SIDE =
            List.of(TOOL_ERROR, "invalid_arguments", "permission_denied", "rate_limited", "client_feature_unavailable");

    private ErrorTypes() {}

    /** Whether a call that ended as {@code errorType} failed on the caller's side, not the server's. */
    public static boolean isCallersSide(String errorType) {
        return CALLERS_SIDE.contains(errorType);
    }

    public static String of(Throwable failure) {
        if (failure instanceof InputRequiredSignal) {
            return INPUT_REQUIRED;
        }
        if (failure instanceof BulwarkException bulwark) {
            return bulwark.errorType();
        }
        if (failure instanceof DependencyUnavailableException) {
            return "dependency_unavailable";
        }
        return INTERNAL;
    }

    /**
     * How a call that ended as {@code errorType} is counted and audited: {@code success}, {@code cancelled} (the
     * client cancelled it; not an error), {@code input_required} (it waits for the client's input; not an error) or
     * {@code error}.
     */
    public static String outcomeOf(String errorType) {
        if (NONE.equals(errorType)) {
            return "success";
        }
        if (INPUT_REQUIRED.equals(errorType)) {
            return INPUT_REQUIRED;
        }
        return CANCELLED.equals(errorType) ? CANCELLED : "error";
    }

    /** Whether a call that ended as {@code errorType} failed: it neither succeeded, nor was cancelled, nor waits. */
    public static boolean isFailure(String errorType) {
        return !NONE.equals(errorType) && !CANCELLED.equals(errorType) && !INPUT_REQUIRED.equals(errorType);
    }

    public static String of(CallToolResult result) {
        if (!ResultMeta.isError(result)) {
            return NONE;
        }
        Object type = ResultMeta.get(result, ResultMeta.ERROR_TYPE);
        return type == null ? TOOL_ERROR : type.toString();
    }
}
