package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;

/**
 * DNS-rebinding protection and CORS, before anything else can create a session.
 */
public final class OriginHandler extends EdgeHandler {

    private static final String ALLOWED_METHODS = "GET, POST, DELETE";
    /** What a browser client may send: the 2025 and 2026 eras' headers, and the W3C trace context. */
    public static final String ALLOWED_HEADERS =
            "Content-Type, Accept, Authorization, X-API-Key, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID,"
                    + " Mcp-Method, Mcp-Name, X-Request-Id, traceparent, tracestate";
    /** What a browser client may read: the session, the version, and the challenge of a 401 (its resource metadata). */
    public static final String EXPOSED_HEADERS = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";
    /** The message of a refused {@code Host}. */
    public static final String HOST_REFUSED = "Forbidden: this Host is not allowed (DNS-rebinding protection); the"
            + " operator can list it in http.allowed-hosts";

    private final OriginPolicy policy;

    public OriginHandler(OriginPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        if (!policy.allowsHost(exchange.header("Host"))) {
            exchange.refuse(403, "forbidden_host", JsonRpcErrors.FORBIDDEN, HOST_REFUSED);
            return false;
        }
        String origin = exchange.header("Origin");
        if (origin != null && (!policy.allowsOrigin(origin) || isRepeated("Origin", exchange))) {
            exchange.refuse(
                    403,
                    "forbidden_origin",
                    JsonRpcErrors.FORBIDDEN,
                    "Forbidden: this Origin is not allowed (DNS-rebinding protection); the operator can list it in"
                            + " http.allowed-origins");
            return false;
        }
        if (origin == null) {
            return true;
        }
        HttpFields.Mutable headers = exchange.response().getHeaders();
        headers.put("Access-Control-Allow-Origin", origin);
        headers.add("Vary", "Origin");
        headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        if ("OPTIONS".equals(exchange.method()) && exchange.header("Access-Control-Request-Method") != null) {
            headers.put("Access-Control-Allow-Methods", ALLOWED_METHODS);
            headers.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            headers.put("Access-Control-Max-Age", "600");
            exchange.response().setStatus(204);
            McpExchange.writeLast(exchange.response(), null, exchange);
            return false;
        }
        return true;
    }

    /** Whether the request carries header {@code name} more than once; only read once it carries it at all. */
    private static boolean isRepeated(String name, McpExchange exchange) {
        return exchange.request().getHeaders().getValuesList(name).size() > 1;
    }
}
