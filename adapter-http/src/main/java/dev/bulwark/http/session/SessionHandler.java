package dev.bulwark.http.session;

import dev.bulwark.http.auth.HttpAudit;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.security.Principal;
import java.util.Objects;

/**
 * Keeps the {@link SessionRegistry} in step with the stateful transport, and every session with the caller that
 * created it: a request naming a session another authenticated principal created gets 403. A POST without
 * {@code Mcp-Session-Id} may create a session, so it needs a free place under the server's cap and, when callers
 * authenticate, under its caller's cap, or gets 503 naming the cap; when its response carries a new session id, the
 * session is live. Every request of a known session marks it busy until its exchange ends, and a DELETE that
 * succeeds ends it. An {@code initialize} in a session is refused ({@link InboundMessageMapper#readingInSession()}).
 * Thread-safe.
 */
public final class SessionHandler extends EdgeHandler {

    /** The session header of Streamable HTTP. */
    public static final String SESSION_HEADER = "Mcp-Session-Id";

    private final SessionRegistry registry;
    private final HttpMetrics metrics;

    public SessionHandler(SessionRegistry registry, HttpMetrics metrics) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        String sessionId = exchange.header(SESSION_HEADER);
        Principal caller = exchange.principal();
        String subject = caller == null ? null : caller.subject();
        if (sessionId == null || sessionId.isBlank()) {
            if ("POST".equals(exchange.method())) {
                SessionRegistry.Place place = registry.reserve(subject);
                if (place != SessionRegistry.Place.RESERVED) {
                    refuseNewSession(place, exchange);
                    return false;
                }
                NewSession session = new NewSession(registry, subject);
                exchange.onSessionEvents(session);
                exchange.onEnd(session::releaseUnlessStarted);
            }
            return true;
        }
        if (!registry.mayUse(sessionId, subject)) {
            HttpAudit.sessionRefused(subject);
            exchange.refuse(403, "session_owner", JsonRpcErrors.FORBIDDEN,
                    "Forbidden: this session belongs to another caller; start your own session with initialize");
            return false;
        }
        InboundMessageMapper.readingInSession(); // an initialize here would start a session the registry never sees
        registry.begin(sessionId);
        exchange.onEnd(() -> registry.end(sessionId));
        if ("DELETE".equals(exchange.method())) {
            exchange.onSessionEvents(new NewSession(registry, subject));
        }
        return true;
    }

    /**
     * A place reserved under the caps for a session a POST may start: the session is live once the transport says
     * it started it (before the answer naming it is written, so no client can use it before the registry knows
     * it); the place is given back when the exchange ends without one. Also hears a DELETE end its session.
     */
    private static final class NewSession implements McpExchange.SessionEvents {
        private final SessionRegistry registry;
        private final String owner;
        private volatile boolean started;

        NewSession(SessionRegistry registry, String owner) {
            this.registry = registry;
            this.owner = owner;
        }

        @Override
        public void started(String id) {
            started = true;
            registry.created(id, owner);
        }

        @Override
        public void ended(String id) {
            registry.ended(id);
        }

        void releaseUnlessStarted() {
            if (!started) {
                registry.release(owner);
            }
        }
    }

    private void refuseNewSession(SessionRegistry.Place place, McpExchange exchange) {
        exchange.response().getHeaders().put("Retry-After", "5");
        if (place == SessionRegistry.Place.CALLER_FULL) { // one caller's doing: not the server's cap
            exchange.refuse(503, "caller_session_limit", JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: you hold as many sessions as one caller may"
                            + " (http.max-sessions-per-caller); end one you no longer use (DELETE) and retry");
            return;
        }
        metrics.sessionRejected();
        exchange.refuse(503, "session_limit", JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: the server holds as many sessions as it may (http.max-sessions);"
                        + " retry later or end an unused session");
    }
}
