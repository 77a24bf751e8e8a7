package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Objects;

/**
 * DNS-rebinding protection and CORS, before anything else can create a session: a request whose {@code Host} or
 * {@code Origin} the {@link OriginPolicy} does not allow gets 403 with a JSON-RPC error and goes no further. An
 * allowed browser origin gets CORS headers naming exactly that origin (never {@code *}), and its preflight
 * ({@code OPTIONS}) is answered here. Thread-safe.
 */
public final class OriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String ALLOWED_METHODS = "GET, POST, DELETE";
    private static final String ALLOWED_HEADERS =
            "Content-Type, Accept, Authorization, X-API-Key, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID,"
                    + " X-Request-Id";
    /** What a browser client may read: the session, the version, and the challenge of a 401 (its resource metadata). */
    private static final String EXPOSED_HEADERS = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

    private final transient OriginPolicy policy;

    public OriginFilter(OriginPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!policy.allowsHost(request.getHeader("Host"))) {
            Exchange.of(request).refuse("forbidden_host");
            refuseHost(response);
            return;
        }
        String origin = request.getHeader("Origin");
        if (!policy.allowsOrigin(origin) || (origin != null && moreThanOne(request.getHeaders("Origin")))) {
            Exchange.of(request).refuse("forbidden_origin");
            JsonRpcErrors.send(response, 403, JsonRpcErrors.FORBIDDEN,
                    "Forbidden: this Origin is not allowed (DNS-rebinding protection); the operator can list it in"
                            + " http.allowed-origins");
            return;
        }
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.addHeader("Vary", "Origin");
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            if ("OPTIONS".equals(request.getMethod())
                    && request.getHeader("Access-Control-Request-Method") != null) {
                response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
                response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(204);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** A browser sends one Origin; with two, the first could be allowed and the second be the page's real one. */
    private static boolean moreThanOne(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return false;
        }
        values.nextElement();
        return values.hasMoreElements();
    }

    /** Answers a request whose {@code Host} the policy does not allow: 403 with a JSON-RPC error saying so. */
    public static void refuseHost(HttpServletResponse response) throws IOException {
        JsonRpcErrors.send(response, 403, JsonRpcErrors.FORBIDDEN,
                "Forbidden: this Host is not allowed (DNS-rebinding protection); the operator can list it in"
                        + " http.allowed-hosts");
    }
}
