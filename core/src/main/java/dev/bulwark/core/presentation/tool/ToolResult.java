package dev.bulwark.core.presentation.tool;

import java.util.Objects;

/**
 * What a tool handler returns: the structured result (sent as {@code structuredContent}) and a text rendering for
 * clients and models that read text. Immutable.
 *
 * @param structured the typed result, or {@code null} for a text-only result
 * @param text the text rendering, never null
 * @param <O> the tool's output type
 */
public record ToolResult<O>(O structured, String text) {

    public ToolResult {
        Objects.requireNonNull(text, "text");
    }

    /** A structured result with its text rendering. */
    public static <O> ToolResult<O> of(O structured, String text) {
        return new ToolResult<>(Objects.requireNonNull(structured, "structured"), text);
    }

    /** A text-only result. */
    public static <O> ToolResult<O> text(String text) {
        return new ToolResult<>(null, text);
    }
}
