package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.JsonRendering;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a tool handler returns: the structured result and the content clients and models read. Immutable.
 *
 * @param structured the typed result, or {@code null} for a result without structured content
 * @param content what the client reads, never empty
 * @param <O> the tool's output type
 */
public record ToolResult<O>(O structured, List<Content> content) {

    public ToolResult {
        content = List.copyOf(content);
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a tool result needs at least one content item");
        }
    }

    /** A result whose content is one text item. */
    public ToolResult(O structured, String text) {
        this(structured, List.of(Content.text(Objects.requireNonNull(text, "text"))));
    }

    /**
     * A structured result whose text is its JSON, for a client or model that reads text only; give
     * {@link #of(Object, String)} a sentence of your own where JSON is not the clearest answer.
     *
     * @throws IllegalArgumentException if Jackson cannot write {@code structured}
     */
    public static <O> ToolResult<O> of(O structured) {
        return new ToolResult<>(Objects.requireNonNull(structured, "structured"), JsonRendering.textOf(structured));
    }

    /** A structured result with its text rendering. */
    public static <O> ToolResult<O> of(O structured, String text) {
        return new ToolResult<>(Objects.requireNonNull(structured, "structured"), text);
    }

    /** A text-only result. */
    public static <O> ToolResult<O> text(String text) {
        return new ToolResult<>(null, text);
    }

    /** A result of any content (text, images, audio, embedded resources), without structured content. */
    public static <O> ToolResult<O> ofContent(List<Content> content) {
        return new ToolResult<>(null, content);
    }

    /** The text items of the content, joined by new lines; empty if there are none. */
    public String text() {
        return content.stream()
                .filter(Content.Text.class::isInstance)
                .map(item -> ((Content.Text) item).text())
                .collect(Collectors.joining("\n"));
    }
}
