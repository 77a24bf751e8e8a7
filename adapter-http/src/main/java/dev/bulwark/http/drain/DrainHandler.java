package dev.bulwark.http.drain;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.edge.RefusedBody;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.JsonBody;
import dev.bulwark.http.exchange.McpExchange;
import java.io.IOException;
import java.util.Objects;

/**
 * Admits requests through the {@link DrainGate}, refusing new work with 503 while the server drains.
 */
public final class DrainHandler extends EdgeHandler {

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final DrainGate gate;
    private final CallsInFlight calls;

    /** @param calls where the admitted exchanges are kept until they end */
    public DrainHandler(DrainGate gate, CallsInFlight calls) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        String method = exchange.method();
        if ("GET".equals(method)) {
            if (gate.isDraining() && exchange.header(LAST_EVENT_ID) == null) {
                refuse(exchange);
                return false;
            }
            return true;
        }
        if (gate.tryEnter()) {
            exchange.onWorkEnd(gate::exit); // and the call it starts, if that outlives the connection
            calls.add(exchange);
            return true;
        }
        if ("DELETE".equals(method)) {
            return true;
        }
        if ("POST".equals(method) && exchange.header(SESSION_HEADER) != null) {
            return admitOnlyAnswers(exchange);
        }
        refuse(exchange);
        return false;
    }

    /**
     * While draining, a session's POST may still be the client's answer to the server's own request or a
     * notification: it starts no new work, so it is served; a request is refused. The body is read to tell (once:
     * the transport gets the same reading).
     */
    private boolean admitOnlyAnswers(McpExchange exchange) {
        JsonBody body;
        try {
            body = exchange.json();
        } catch (IOException unreadable) {
            refuse(exchange);
            return false;
        }
        if (!InboundMessageMapper.expectsNoAnswer(body)) {
            refuse(exchange);
            return false;
        }
        gate.hold();
        exchange.onEnd(gate::exit);
        return true;
    }

    private void refuse(McpExchange exchange) {
        gate.hold(); // the ports stay open until this answer is written
        exchange.onEnd(gate::exit);
        RefusedBody.discardRest(exchange.request());
        exchange.response().getHeaders().put("Retry-After", "1");
        exchange.refuse(
                503,
                "draining",
                JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: this server is shutting down; retry, and the request goes to another instance");
    }
}
