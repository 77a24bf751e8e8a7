package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code _meta} keys Bulwark adds to tool results, so clients can see what happened to a call, and a helper to
 * add them without losing the tool's own.
 */
public final class ResultMeta {

    /** {@code "hit"} or {@code "miss"} on cached tools. */
    public static final String CACHE = "dev.bulwark/cache";
    /** The error type of an error result, for example {@code rate_limited}. */
    public static final String ERROR_TYPE = "dev.bulwark/error-type";
    /** The request id of the call, on error results, to quote when reporting a problem. */
    public static final String REQUEST_ID = "dev.bulwark/request-id";
    /**
     * The client feature a call needed and could not use ({@code sampling}, {@code elicitation}, {@code roots}), on
     * {@code client_feature_unavailable} results.
     */
    public static final String CLIENT_FEATURE = "dev.bulwark/client-feature";
    /** Milliseconds to wait before retrying, on rate-limited results. */
    public static final String RETRY_AFTER_MS = "dev.bulwark/retry-after-ms";

    private ResultMeta() {}

    /** A copy of {@code result} with {@code entries} added to its {@code _meta}. */
    public static CallToolResult with(CallToolResult result, Map<String, Object> entries) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (result.meta() != null) {
            meta.putAll(result.meta());
        }
        meta.putAll(entries);
        return new CallToolResult(result.content(), result.isError(), result.structuredContent(), meta);
    }

    /** The value under {@code key} in the result's {@code _meta}, or null. */
    public static Object get(CallToolResult result, String key) {
        return result.meta() == null ? null : result.meta().get(key);
    }

    /** Whether the result is an error result. */
    public static boolean isError(CallToolResult result) {
        return Boolean.TRUE.equals(result.isError());
    }
}
