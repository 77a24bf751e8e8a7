package dev.bulwark.spring;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.OriginHandler;
import dev.bulwark.http.edge.OriginPolicy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The servlet door's DNS-rebinding protection and CORS, ahead of the application's security filters: an
 * {@code Origin} outside {@code bulwark.http.allowed-origins} (loopback origins when empty) gets 403, as does a
 * {@code Host} outside {@code bulwark.http.allowed-hosts} when that is set. Thread-safe.
 */
final class McpOriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient OriginPolicy policy;
    private final boolean checkHost;
    private final String methods;

    /**
     * @param allowedOrigins exact origins a browser may call from; empty allows loopback origins only
     * @param allowedHosts {@code Host} values accepted; empty leaves the host to the application
     * @param methods the methods a preflight allows: the door's ({@code POST}, and {@code GET, POST, DELETE} with
     *     sessions)
     */
    McpOriginFilter(List<String> allowedOrigins, List<String> allowedHosts, String methods) {
        this.policy = OriginPolicy.of(allowedOrigins, allowedHosts, "0.0.0.0");
        this.checkHost = !Objects.requireNonNull(allowedHosts, "allowedHosts").isEmpty();
        this.methods = Objects.requireNonNull(methods, "methods");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (checkHost && !policy.allowsHost(request.getHeader("Host"))) {
            refuse(
                    response,
                    "Forbidden: this Host is not allowed (DNS-rebinding protection); the operator can list"
                            + " it in bulwark.http.allowed-hosts");
            return;
        }
        List<String> origins = Collections.list(request.getHeaders("Origin"));
        String origin = origins.isEmpty() ? null : origins.get(0);
        if (origins.size() > 1 || !policy.allowsOrigin(origin)) {
            refuse(
                    response,
                    "Forbidden: this Origin is not allowed (DNS-rebinding protection); the operator can list"
                            + " it in bulwark.http.allowed-origins");
            return;
        }
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.addHeader("Vary", "Origin");
            response.setHeader("Access-Control-Expose-Headers", OriginHandler.EXPOSED_HEADERS);
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                response.setHeader("Access-Control-Allow-Methods", methods);
                response.setHeader("Access-Control-Allow-Headers", OriginHandler.ALLOWED_HEADERS);
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(204);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        byte[] body = JsonRpcErrors.body(null, JsonRpcErrors.FORBIDDEN, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(403);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
