package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses on the MCP endpoint, with 405, an {@code Allow} header and a JSON-RPC error, the HTTP methods it does not
 * serve: {@code TRACE}, {@code PUT}, {@code PATCH}, any unknown method, and {@code HEAD} (which would be taken for a
 * {@code GET} and open the session's event stream). Runs first inside the exchange, so its refusals are counted.
 * The transport refuses the methods of the other mode itself. Thread-safe.
 */
public final class McpMethodHandler extends EdgeHandler {

    private static final Set<String> SERVED = Set.of("GET", "POST", "DELETE", "OPTIONS");

    /** The methods the MCP endpoint serves with sessions: a GET opens the event stream, a DELETE ends a session. */
    public static final String STATEFUL_MCP = "GET, POST, DELETE, OPTIONS";
    /** The methods the MCP endpoint serves without sessions. */
    public static final String STATELESS_MCP = "POST, OPTIONS";

    private final String allowed;

    /** @param allowed what the endpoint serves, for the {@code Allow} header ({@link #STATEFUL_MCP} or {@link #STATELESS_MCP}) */
    public McpMethodHandler(String allowed) {
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        String method = exchange.method();
        if (SERVED.contains(method)) {
            return true;
        }
        exchange.response().getHeaders().put("Allow", allowed);
        exchange.refuse(405, "method_not_allowed", JsonRpcErrors.INVALID_REQUEST, "HEAD".equals(method)
                ? "Method not allowed: HEAD is not served on the MCP endpoint (a GET opens the event stream)"
                : "Method not allowed: this path serves " + allowed + " only");
        return false;
    }
}
