package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses with 405 the HTTP methods the MCP endpoint does not serve.
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
        exchange.refuse(
                405,
                "method_not_allowed",
                JsonRpcErrors.INVALID_REQUEST,
                "HEAD".equals(method)
                        ? "Method not allowed: HEAD is not served on the MCP endpoint (a GET opens the event stream)"
                        : "Method not allowed: this path serves " + allowed + " only");
        return false;
    }
}
