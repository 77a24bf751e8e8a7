package dev.bulwark.test;

import dev.bulwark.core.internal.presentation.pipeline.ErrorTypes;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How one call through {@link ToolTester} ended: the result the client would get, read for a test. Immutable.
 *
 * @param <O> the tool's output type
 */
public final class CallOutcome<O> {

    private final CallToolResult result;
    private final O value;
    private final RuntimeException unreadable;

    private CallOutcome(CallToolResult result, O value, RuntimeException unreadable) {
        this.result = result;
        this.value = value;
        this.unreadable = unreadable;
    }

    /** An outcome whose structured value is {@code value}, or null for none. */
    static <O> CallOutcome<O> of(CallToolResult result, O value) {
        return new CallOutcome<>(Objects.requireNonNull(result, "result"), value, null);
    }

    /** An outcome whose structured content did not read back as the tool's output type. */
    static <O> CallOutcome<O> unreadable(CallToolResult result, RuntimeException why) {
        return new CallOutcome<>(Objects.requireNonNull(result, "result"), null, why);
    }

    /** Whether the call succeeded. */
    public boolean success() {
        return !ResultMeta.isError(result);
    }

    /**
     * The structured result read back as the tool's output type, as a client would read the JSON; null if a
     * successful call returned none.
     *
     * @throws IllegalStateException if the call failed (the message holds its error type and text), or if the JSON
     *     does not read back as the output type (use {@link #structured()} then)
     */
    public O value() {
        if (!success()) {
            throw new IllegalStateException("the call failed with " + errorType() + ": " + text());
        }
        if (unreadable != null) {
            throw new IllegalStateException(
                    "the structured result does not read back as the tool's output type;"
                            + " read structured() instead",
                    unreadable);
        }
        return value;
    }

    /** The structured content as sent: JSON objects as maps, arrays as lists; null if there is none. */
    public Object structured() {
        return result.structuredContent();
    }

    /** The text items of the content joined by new lines: the answer on success, the error message on failure. */
    public String text() {
        return result.content().stream()
                .filter(TextContent.class::isInstance)
                .map(item -> ((TextContent) item).text())
                .collect(Collectors.joining("\n"));
    }

    /**
     * The error type the pipeline put in the result's meta ({@code invalid_arguments}, {@code permission_denied},
     * {@code rate_limited}, {@code timeout}, {@code tool_error}, a {@code ToolException}'s own type, {@code internal}
     * ...); null on success.
     */
    public String errorType() {
        return success() ? null : ErrorTypes.of(result);
    }

    /** {@code "hit"} or {@code "miss"} for a call of a cached tool; null otherwise. */
    public String cache() {
        Object cache = ResultMeta.get(result, ResultMeta.CACHE);
        return cache == null ? null : cache.toString();
    }

    /** The MCP result itself, for what the other accessors do not show (images, meta). */
    public CallToolResult result() {
        return result;
    }

    @Override
    public String toString() {
        return success() ? "success: " + text() : errorType() + ": " + text();
    }
}
