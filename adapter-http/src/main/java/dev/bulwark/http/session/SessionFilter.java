package dev.bulwark.http.session;

import dev.bulwark.http.auth.AuthenticationFilter;
import dev.bulwark.http.auth.ClientAddresses;
import dev.bulwark.http.auth.HttpAudit;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrorResponse;
import dev.bulwark.http.edge.JsonRpcErrors;
import dev.bulwark.http.exchange.Exchange;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.ops.ThrottledLog;
import dev.bulwark.ports.security.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SessionRegistry} in step with the stateful transport, and every session with the caller that
 * created it: a request naming a session another authenticated principal created gets 403 and goes no further. A POST without {@code Mcp-Session-Id} may
 * create a session, so it needs a free place under the server's cap and, when callers authenticate, under its
 * caller's cap, or, when they do not, under its client address's cap, or gets 503 with a JSON-RPC error naming the
 * cap (a refusal at the server's or an address's cap is also logged, at most once a minute); when its response
 * carries a new session id, the session is live. Every request of a known session marks it busy until its response
 * (or stream) ends, and a DELETE that succeeds ends it. A request that names a session may not start another one: an
 * {@code initialize} in it is refused with 400 ({@link InboundMessageMapper#readingInSession(String)}), so every session
 * the transport holds was counted, is owned and is evicted when idle. Thread-safe.
 */
public final class SessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** The session header of Streamable HTTP. */
    public static final String SESSION_HEADER = "Mcp-Session-Id";

    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final transient SessionRegistry registry;
    private final transient HttpMetrics metrics;
    private final transient ClientAddresses addresses;
    private final transient ThrottledLog serverFull = new ThrottledLog(LOG,
            "New MCP session refused: the server holds as many sessions as it may (http.max-sessions)", LOG_INTERVAL);
    private final transient ThrottledLog addressFull = new ThrottledLog(LOG, "New MCP session refused: its client"
            + " address holds as many sessions as one address may without authentication"
            + " (http.max-sessions-per-address)", LOG_INTERVAL);

    /**
     * @param registry the live sessions and their caps
     * @param metrics where refusals at the server's cap are counted
     * @param addresses tells a request's client address, for the cap of sessions without a principal
     */
    public SessionFilter(SessionRegistry registry, HttpMetrics metrics, ClientAddresses addresses) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String sessionId = request.getHeader(SESSION_HEADER);
        Exchange exchange = Exchange.of(request);
        Principal caller = AuthenticationFilter.principalOf(request);
        String subject = caller == null ? null : caller.subject();
        if (sessionId == null || sessionId.isBlank()) {
            JsonRpcErrorResponse.markWithoutSession(request); // the transport's 400 then names the missing header
            if ("POST".equals(request.getMethod())) {
                String address = subject == null ? ClientAddresses.countedAs(addresses.of(request)) : null;
                SessionRegistry.Place place = registry.reserve(subject, address);
                if (place != SessionRegistry.Place.RESERVED) {
                    refuseNewSession(place, address, exchange, response);
                    return;
                }
                exchange.onEnd(() -> {
                    String created = response.getHeader(SESSION_HEADER);
                    if (created != null && response.getStatus() < 300) {
                        registry.created(created, subject, address);
                    } else {
                        registry.release(subject, address);
                    }
                });
            }
            chain.doFilter(request, response);
            return;
        }
        if (!registry.mayUse(sessionId, subject)) {
            exchange.refuse("session_owner");
            HttpAudit.sessionRefused(subject);
            JsonRpcErrors.send(response, 403, JsonRpcErrors.FORBIDDEN,
                    "Forbidden: this session belongs to another caller; start your own session with initialize");
            return;
        }
        InboundMessageMapper.readingInSession(sessionId); // an initialize here would start a session the registry never sees
        registry.begin(sessionId);
        exchange.onEnd(() -> registry.end(sessionId));
        if ("DELETE".equals(request.getMethod())) {
            exchange.onEnd(() -> {
                if (response.getStatus() < 300) {
                    registry.ended(sessionId);
                }
            });
        }
        chain.doFilter(request, response);
    }

    private void refuseNewSession(SessionRegistry.Place place, String address, Exchange exchange,
            HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        if (place == SessionRegistry.Place.CALLER_FULL) { // one caller's doing: not the server's cap
            exchange.refuse("caller_session_limit");
            JsonRpcErrors.send(response, 503, JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: you hold as many sessions as one caller may"
                            + " (http.max-sessions-per-caller); end one you no longer use (DELETE) and retry");
            return;
        }
        if (place == SessionRegistry.Place.ADDRESS_FULL) { // one address's doing: not the server's cap
            exchange.refuse("address_session_limit");
            addressFull.warn("client", address);
            JsonRpcErrors.send(response, 503, JsonRpcErrors.SERVER_UNAVAILABLE,
                    "Service unavailable: your address holds as many sessions as one address may without"
                            + " authentication (http.max-sessions-per-address); end one you no longer use (DELETE)"
                            + " and retry");
            return;
        }
        exchange.refuse("session_limit");
        metrics.sessionRejected();
        serverFull.warn("sessions", registry.size());
        JsonRpcErrors.send(response, 503, JsonRpcErrors.SERVER_UNAVAILABLE,
                "Service unavailable: the server holds as many sessions as it may (http.max-sessions);"
                        + " retry later or end an unused session");
    }
}
