package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Refuses, with 405, an {@code Allow} header and a JSON-RPC error, the HTTP methods no endpoint serves: {@code TRACE}
 * (which the servlet API answers by echoing the request's headers back, credentials included), {@code PUT},
 * {@code PATCH} and any unknown method (answered 501 "internal error" before), and {@code HEAD} on the MCP endpoint,
 * where the transport would take it for a {@code GET} and open the session's event stream. Runs first on every path
 * of both ports. Thread-safe.
 */
public final class HttpMethodFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Set<String> SERVED = Set.of("GET", "POST", "DELETE", "OPTIONS", "HEAD");

    /** The methods the MCP endpoint serves with sessions: a GET opens the event stream, a DELETE ends a session. */
    public static final String STATEFUL_MCP = "GET, POST, DELETE, OPTIONS";
    /** The methods the MCP endpoint serves without sessions. */
    public static final String STATELESS_MCP = "POST, OPTIONS";

    private final String mcpPath;
    private final String mcpMethods;

    /**
     * @param mcpPath the MCP endpoint's path, where {@code HEAD} is refused too
     * @param mcpMethods what the MCP endpoint serves, for the {@code Allow} header ({@link #STATEFUL_MCP} or
     *     {@link #STATELESS_MCP}); the transport itself refuses the ones of the other mode
     */
    public HttpMethodFilter(String mcpPath, String mcpMethods) {
        this.mcpPath = java.util.Objects.requireNonNull(mcpPath, "mcpPath");
        this.mcpMethods = java.util.Objects.requireNonNull(mcpMethods, "mcpMethods");
    }

    private HttpMethodFilter() {
        this.mcpPath = null;
        this.mcpMethods = null;
    }

    /**
     * The filter of a context without the MCP endpoint (the management port): every path there serves reads only,
     * and no exchange is counted.
     */
    public static HttpMethodFilter withoutMcpEndpoint() {
        return new HttpMethodFilter();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        boolean onMcp = mcpPath != null && mcpPath.equals(request.getRequestURI()); // then inside its exchange
        boolean headOnMcp = onMcp && "HEAD".equals(method);
        if (!SERVED.contains(method) || headOnMcp) {
            // Off /mcp only reads are served: the operations endpoints and the resource metadata (with its CORS
            // preflight); a path nothing serves is a 404 for the methods that reach it.
            String allowed = onMcp ? mcpMethods : "GET, HEAD, OPTIONS";
            if (onMcp) {
                Exchange.of(request).refuse("method_not_allowed");
            }
            response.setHeader("Allow", allowed);
            JsonRpcErrors.send(response, 405, JsonRpcErrors.INVALID_REQUEST, headOnMcp
                    ? "Method not allowed: HEAD is not served on the MCP endpoint (a GET opens the event stream)"
                    : "Method not allowed: this path serves " + allowed + " only");
            return;
        }
        chain.doFilter(request, response);
    }
}
