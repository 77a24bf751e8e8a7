package dev.bulwark.http.session;

import dev.bulwark.http.auth.ClientAddresses;
import dev.bulwark.http.auth.HttpAudit;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.ops.ThrottledLog;
import dev.bulwark.ports.security.Principal;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SessionRegistry} in step with the stateful transport, and each session with its creator.
 */
public final class SessionHandler extends EdgeHandler {

    /** The session header of Streamable HTTP. */
    public static final String SESSION_HEADER = "Mcp-Session-Id";

    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final SessionRegistry registry;
    private final HttpMetrics metrics;
    private final ClientAddresses addresses;
    private final ThrottledLog serverFull = new ThrottledLog(
            LOG,
            "New MCP session refused: the server holds as many sessions as it may (http.max-sessions)",
            LOG_INTERVAL);
    private final ThrottledLog addressFull = new ThrottledLog(
            LOG,
            "New MCP session refused: its client"
                    + " address holds as many sessions as one address may without authentication"
                    + " (http.max-sessions-per-address)",
            LOG_INTERVAL);

    /**
     * @param registry the live sessions and their caps
     * @param metrics where refusals at the server's cap are counted
     * @param addresses tells a request's client address, for the cap of sessions without a principal
     */
    public SessionHandler(SessionRegistry registry, HttpMetrics metrics, ClientAddresses addresses) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    protected boolean admit(McpExchange exchange) {
        String sessionId = exchange.header(SESSION_HEADER);
        Principal caller = exchange.principal();
        String subject = caller == null ? null : caller.subject();
        if (sessionId == null || sessionId.isBlank()) {
            if ("POST".equals(exchange.method())) {
                String address = subject == null ? ClientAddresses.countedAs(addresses.of(exchange.request())) : null;
                SessionRegistry.Place place = registry.reserve(subject, address);
                if (place != SessionRegistry.Place.RESERVED) {
                    refuseNewSession(place, address, exchange);
                    return false;
                }
                NewSession session = new NewSession(registry, subject, address);
                exchange.onSessionEvents(session);
                exchange.onEnd(session::releaseUnlessStarted);
            }
            return true;
        }
        if (!registry.mayUse(sessionId, subject)) {
            HttpAudit.sessionRefused(subject);
            exchange.refuse(
                    403,
                    "session_owner",
                    JsonRpcErrors.FORBIDDEN,
                    "Forbidden: this session belongs to another caller; start your own session with initialize");
            return false;
        }
        // an initialize here would start a session the registry never sees
        InboundMessageMapper.readingInSession(sessionId);
        registry.begin(sessionId);
        exchange.onEnd(() -> registry.end(sessionId));
        if ("DELETE".equals(exchange.method())) {
            exchange.onSessionEvents(new NewSession(registry, subject, null));
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
        private final String address;
        private volatile boolean started;

        NewSession(SessionRegistry registry, String owner, String address) {
            this.registry = registry;
            this.owner = owner;
            this.address = address;
        }

        @Override
        public void started(String id) {
            started = true;
            registry.created(id, owner, address);
        }

        @Override
        public void ended(String id) {
            registry.ended(id);
        }

        void releaseUnlessStarted() {
            if (!started) {
                registry.release(owner, address);
            }
        }
    }

    private void refuseNewSession(SessionRegistry.Place place, String address, McpExchange exchange) {
        exchange.response().getHeaders().put("Retry-After", "5");
        if (place == SessionRegistry.Place.CALLER_FULL) { // one caller's doing: not the server's cap
            exchange.refuse(
                    503,
                    "caller_session_limit",
                    JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: you hold as many sessions as one caller may"
                            + " (http.max-sessions-per-caller); end one you no longer use (DELETE) and retry");
            return;
        }
        if (place == SessionRegistry.Place.ADDRESS_FULL) { // one address's doing: not the server's cap
            addressFull.warn("client", address);
            exchange.refuse(
                    503,
                    "address_session_limit",
                    JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: your address holds as many sessions as one address may without"
                            + " authentication (http.max-sessions-per-address); end one you no longer use (DELETE)"
                            + " and retry");
            return;
        }
        metrics.sessionRejected();
        serverFull.warn("sessions", registry.size());
        exchange.refuse(
                503,
                "session_limit",
                JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: the server holds as many sessions as it may (http.max-sessions);"
                        + " retry later or end an unused session");
    }
}
