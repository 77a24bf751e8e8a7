package dev.bulwark.http.drain;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.RefusedBody;
import dev.bulwark.http.edge.ReplayedBodyRequest;
import dev.bulwark.http.exchange.Exchange;
import dev.bulwark.http.session.SessionFilter;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Admits requests through the {@link DrainGate}: while the server drains, every new request gets 503 with a
 * JSON-RPC error, {@code Retry-After} and {@code Connection: close}, so the client and the load balancer move to
 * another instance (the rest of its body is read first, within bounds, so the client gets the 503 rather than a
 * connection reset: {@link RefusedBody}); a DELETE (a client ending its session) is still served, and so is a
 * session's POST that is the client's answer to the server or a notification, which a call in flight may be waiting
 * for. Admitted POSTs and DELETEs, and the refusals being written, are counted until their response completes, so
 * shutdown waits for them; a GET event stream is not counted (it never ends on its own) and is closed with its
 * session at the end of the drain. Thread-safe.
 */
public final class DrainFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient DrainGate gate;
    private final transient McpJsonMapper jsonMapper;
    private final long maxRequestBytes;

    /**
     * @param jsonMapper reads, while draining, whether a session's POST is the client's answer to the server
     * @param maxRequestBytes the largest body read to tell
     */
    public DrainFilter(DrainGate gate, McpJsonMapper jsonMapper, long maxRequestBytes) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.maxRequestBytes = maxRequestBytes;
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
            if ("DELETE".equals(method)) {
                chain.doFilter(request, response);
            } else if ("POST".equals(method) && request.getHeader(SessionFilter.SESSION_HEADER) != null) {
                serveOnlyAnswers(request, response, chain);
            } else {
                refuse(request, response);
            }
            return;
        }
        Exchange.of(request).onEnd(gate::exit);
        chain.doFilter(request, response);
    }

    /**
     * While draining, a session's POST may still be the client's answer to the server's own request (a sampling or
     * elicitation result) or a notification (a cancellation): a call in flight may be waiting for it, and it starts
     * no new work, so it is served; a request is refused. The body is read to tell, within the request size limit.
     */
    private void serveOnlyAnswers(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] body = request.getInputStream().readNBytes((int) Math.min(maxRequestBytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > maxRequestBytes || !expectsNoAnswer(body)) {
            refuse(request, response);
            return;
        }
        gate.hold();
        Exchange.of(request).onEnd(gate::exit);
        chain.doFilter(new ReplayedBodyRequest(request, body), response);
    }

    /** Whether {@code body} is one JSON-RPC response or notification (anything unreadable is not). */
    private boolean expectsNoAnswer(byte[] body) {
        try {
            Map<?, ?> message = jsonMapper.readValue(body, Map.class);
            return message != null && InboundMessageMapper.expectsNoAnswer(message);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        gate.hold(); // the ports stay open until this answer is written
        Exchange.of(request).onEnd(gate::exit);
        Exchange.of(request).refuse("draining");
        RefusedBody.discardRest(request); // so the client gets the 503 it can act on, not a reset
        response.setHeader("Retry-After", "1");
        response.setHeader("Connection", "close");
        JsonRpcErrors.send(response, 503, JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: this server is shutting down; retry, and the request goes to another instance");
    }
}
