package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.config.ServerSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Gives a result the fields of the 2026 era ({@code resultType}, the server's identity, the cache hints) and refuses a
 * request whose handler needed a client capability the request did not declare. Thread-safe.
 */
final class ResultShaping {

    /**
     * How long a client may keep a list of tools, prompts, resources or templates, or the discovery result: the lists
     * change only on deploy. A list is {@code public} unless filtered by the caller's scopes; a resource's text is read
     * on each call and may depend on the caller, so it is {@code private} and stale at once.
     */
    static final Duration LIST_TTL = Duration.ofMinutes(5);

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

    /**
     * {@code result} as the 2026-era result of an extension's method: {@code ttlMs} and {@code cacheScope} unless
     * the handler gave them, stale at once and {@code private}, since what the method answers may depend on the
     * caller and change at any time.
     */
    ObjectNode completeExtension(String method, ObjectNode result) {
        if (!result.has("ttlMs")) {
            result.put("ttlMs", 0);
        }
        if (!result.has("cacheScope")) {
            result.put("cacheScope", "private");
        }
        return complete(method, result);
    }

    /** Puts the server's name and version into {@code result}'s {@code _meta}. */
    ObjectNode identify(ObjectNode result) {
        JsonNode meta = result.get(Era2026Protocol.META);
        ObjectNode target = meta instanceof ObjectNode existing ? existing : result.putObject(Era2026Protocol.META);
        target.putObject(Era2026Protocol.SERVER_INFO).put("name", server.name()).put("version", server.version());
        return result;
    }

    /**
     * The {@code -32021} rejection of a request whose handler needed the client capability {@code needed}, unless
     * {@code declared} holds it (a capability the client declared but this server cannot use yet stays the handler's
     * own error).
     */
    Optional<Rejection> missingCapability(String needed, JsonNode declared) {
        if (needed.isEmpty() || declared.has(needed)) {
            return Optional.empty();
        }
        ObjectNode data = mapper.createObjectNode();
        data.putObject("requiredCapabilities").putObject(needed);
        return Optional.of(new Rejection(
                400,
                Era2026Protocol.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: " + needed,
                data));
    }
}
