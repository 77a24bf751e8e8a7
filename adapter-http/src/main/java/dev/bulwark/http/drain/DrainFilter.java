package dev.bulwark.http.drain;

import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.RefusedBody;
import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Admits requests through the {@link DrainGate}: while the server drains, every new request gets 503 with a
 * JSON-RPC error, {@code Retry-After} and {@code Connection: close}, so the client and the load balancer move to
 * another instance (the rest of its body is read first, within bounds, so the client gets the 503 rather than a
 * connection reset: {@link RefusedBody}); a DELETE (a client ending its session) is still served. Admitted POSTs and DELETEs are counted
 * until their response completes, so shutdown waits for them; a GET event stream is not counted (it never ends on
 * its own) and is closed with its session at the end of the drain. Thread-safe.
 */
public final class DrainFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient DrainGate gate;

    public DrainFilter(DrainGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if ("GET".equals(method)) {
            if (gate.isDraining()) {
                refuse(request, response);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!gate.tryEnter()) {
            if (!"DELETE".equals(method)) {
                refuse(request, response);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Exchange.of(request).onEnd(gate::exit);
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange.of(request).refuse("draining");
        RefusedBody.discardRest(request); // so the client gets the 503 it can act on, not a reset
        response.setHeader("Retry-After", "1");
        response.setHeader("Connection", "close");
        JsonRpcErrors.send(response, 503, JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: this server is shutting down; retry, and the request goes to another instance");
    }
}
