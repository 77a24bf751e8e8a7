package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import java.time.Duration;
import java.util.Optional;

/**
 * Gives a result the fields of the 2026 era: {@code resultType} on every result, the server's identity in
 * {@code _meta}, and {@code ttlMs} and {@code cacheScope} on the cacheable ones. What Bulwark knows decides the
 * hints: its tool, prompt and resource lists change only on deploy, so a list may be kept {@link #LIST_TTL} and is
 * {@code public}, unless the tool list is filtered by the caller's scopes, which makes it {@code private}; a
 * resource's text is read on each call and may depend on the caller, so it is {@code private} and stale at once.
 * It also tells a tool call that needed a client capability the request did not declare. Thread-safe.
 */
final class ResultShaping {

    /** How long a client may keep a list of tools, prompts, resources or templates, or the discovery result. */
    static final Duration LIST_TTL = Duration.ofMinutes(5);

    private static final String CLIENT_FEATURE_UNAVAILABLE = "client_feature_unavailable";

    private final ObjectMapper mapper;
    private final ServerSettings server;
    private final boolean toolListByCaller;

    /**
     * @param toolListByCaller whether {@code tools/list} shows each caller only the tools it may call
     */
    ResultShaping(ObjectMapper mapper, ServerSettings server, boolean toolListByCaller) {
        this.mapper = mapper;
        this.server = server;
        this.toolListByCaller = toolListByCaller;
    }

    /** {@code result} as a 2026-era result of {@code method}, completed. */
    ObjectNode complete(String method, ObjectNode result) {
        if (!result.has("resultType")) {
            result.put("resultType", "complete");
        }
        if (Era2026Protocol.CACHEABLE_METHODS.contains(method)) {
            boolean resource = "resources/read".equals(method);
            boolean byCaller = resource || ("tools/list".equals(method) && toolListByCaller);
            result.put("ttlMs", resource ? 0 : LIST_TTL.toMillis());
            result.put("cacheScope", byCaller ? "private" : "public");
        }
        identify(result);
        return result;
    }

    /** Puts the server's name and version into {@code result}'s {@code _meta}. */
    ObjectNode identify(ObjectNode result) {
        JsonNode meta = result.get(Era2026Protocol.META);
        ObjectNode target = meta instanceof ObjectNode existing ? existing : result.putObject(Era2026Protocol.META);
        target.putObject(Era2026Protocol.SERVER_INFO).put("name", server.name()).put("version", server.version());
        return result;
    }

    /**
     * The {@code -32021} rejection of a tool call whose result says it needed a client capability that
     * {@code declared} does not hold; empty for any other result (a capability the client declared but this
     * server cannot use yet stays the tool's own error).
     */
    Optional<Rejection> missingCapability(String method, ObjectNode result, JsonNode declared) {
        JsonNode meta = result.path(Era2026Protocol.META);
        if (!"tools/call".equals(method) || !result.path("isError").asBoolean(false)
                || !CLIENT_FEATURE_UNAVAILABLE.equals(meta.path(ResultMeta.ERROR_TYPE).asText())) {
            return Optional.empty();
        }
        return missing(meta.path(ResultMeta.CLIENT_FEATURE).asText(""), declared);
    }

    /**
     * The {@code -32021} rejection of a resource read, prompt or completion whose handler needed a client capability
     * that {@code declared} does not hold: its error carries the feature in its data ({@code RequestGuard}).
     */
    Optional<Rejection> missingCapability(io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError error,
            JsonNode declared, io.modelcontextprotocol.json.McpJsonMapper sdkMapper) {
        if (error.data() == null) {
            return Optional.empty();
        }
        JsonNode data = sdkMapper.convertValue(error.data(), JsonNode.class);
        return missing(data == null ? "" : data.path(ResultMeta.CLIENT_FEATURE).asText(""), declared);
    }

    private Optional<Rejection> missing(String needed, JsonNode declared) {
        if (needed.isEmpty() || declared.has(needed)) {
            return Optional.empty();
        }
        ObjectNode data = mapper.createObjectNode();
        data.putObject("requiredCapabilities").putObject(needed);
        return Optional.of(new Rejection(400, Era2026Protocol.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: " + needed, data));
    }
}
