package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.JsonSize;
import dev.bulwark.core.ResultTooLargeException;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The largest result the server sends ({@code limits.max-result-size}), in UTF-8 bytes of its JSON. Thread-safe.
 */
public final class ResultSizeLimit {

    /** The most bytes one character can take in JSON: a control character written as {@code \u0000}. */
    public static final int MAX_JSON_BYTES_PER_CHAR = 6;
    /** The most bytes of keys and punctuation around one content item, beyond its strings. */
    private static final int MAX_JSON_BYTES_AROUND_ITEM = 96;
    /** What a caller passes when it cannot bound a result's size (it has structured content, say). */
    public static final long UNBOUNDED = -1;

    private final long maxBytes;
    private final ToLongFunction<Object> jsonBytes;

    /**
     * @param maxBytes the largest result sent, in bytes
     * @param jsonBytes the size of a value written as JSON, in UTF-8 bytes
     */
    public ResultSizeLimit(long maxBytes, ToLongFunction<Object> jsonBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the result size limit must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.jsonBytes = Objects.requireNonNull(jsonBytes, "jsonBytes");
    }

    /** A limit of {@code maxBytes} that counts results as {@code mapper} writes them, without holding the text. */
    public static ResultSizeLimit of(long maxBytes, ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new ResultSizeLimit(maxBytes, value -> counted(() -> JsonSize.of(mapper, value)));
    }

    /**
     * A limit of {@code maxBytes} that counts results as the SDK's {@code mapper} writes them (into an array: for
     * servers assembled without a Jackson mapper at hand).
     */
    public static ResultSizeLimit of(long maxBytes, McpJsonMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new ResultSizeLimit(maxBytes, value -> counted(() -> mapper.writeValueAsBytes(value).length));
    }

    private static long counted(JsonByteCount count) {
        try {
            return count.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a result as JSON to count its size", e);
        }
    }

    /** Writes a result as JSON and tells its size. */
    @FunctionalInterface
    private interface JsonByteCount {
        long bytes() throws IOException;
    }

    /** The largest result sent, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Refuses {@code result} if its JSON is over the limit.
     *
     * @param kind what produced it: {@code tool}, {@code resource}, {@code prompt}
     * @param name its name (a resource's URI)
     * @param result the MCP result about to be sent
     * @param sizeBound an upper bound of its size as JSON in bytes ({@link #boundOf}), or {@link #UNBOUNDED}
     * @throws ResultTooLargeException if it is over the limit
     */
    public void check(String kind, String name, Object result, long sizeBound) {
        if (sizeBound >= 0 && sizeBound <= maxBytes) {
            return;
        }
        long bytes = jsonBytes.applyAsLong(result);
        if (bytes > maxBytes) {
            throw new ResultTooLargeException(kind + " '" + name + "'", bytes, maxBytes);
        }
    }

    /**
     * An upper bound of the JSON size of {@code items} content items holding {@code chars} characters of strings in
     * all: each character written as the longest JSON escape, and the most keys and punctuation around each item.
     */
    public static long boundOf(long chars, int items) {
        return chars * MAX_JSON_BYTES_PER_CHAR + (long) items * MAX_JSON_BYTES_AROUND_ITEM;
    }
}
