package dev.bulwark.http;

import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.edge.CallerContextExtractor;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionEvictor;
import dev.bulwark.http.session.SessionRegistry;
import dev.bulwark.http.session.SessionTerminator;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import jakarta.servlet.http.HttpServlet;
import java.util.List;

/**
 * The MCP SDK's servlet transport for the server's mode, and what goes with it: in stateful mode the streamable
 * transport, the registry of its sessions and the evictor of idle ones; in stateless mode the stateless transport
 * alone. The caller (authenticated principal, or the configured one) goes into each request's transport context.
 *
 * <p>Immutable once built; its parts are thread-safe.
 *
 * @param stateful the stateful transport; {@code null} in stateless mode
 * @param stateless the stateless transport; {@code null} in stateful mode
 * @param servlet whichever of the two serves {@code /mcp}
 * @param protocolVersions the MCP protocol versions the transport speaks
 * @param sessions the live sessions; {@code null} in stateless mode
 * @param evictor ends idle sessions; {@code null} in stateless mode
 * @param sessionTransport the stateful transport as servers see it (reporting cancellations); {@code null} in
 *     stateless mode
 */
record McpTransport(HttpServletStreamableServerTransportProvider stateful,
        HttpServletStatelessServerTransport stateless, HttpServlet servlet, List<String> protocolVersions,
        SessionRegistry sessions, SessionEvictor evictor, SessionTransport sessionTransport) {

    /** Builds the transport {@code settings.mode()} asks for, serving {@link McpHttpServer#MCP_PATH}. */
    static McpTransport create(HttpServerSettings settings, HttpAuthSettings auth, McpJsonMapper jsonMapper,
            HttpMetrics metrics, Ticker ticker) {
        CallerContextExtractor caller = auth.enabled()
                ? CallerContextExtractor.authenticatedOnly()
                : new CallerContextExtractor(settings.caller());
        if (settings.mode() == HttpMode.STATEFUL) {
            InboundMessageMapper inbound = new InboundMessageMapper(jsonMapper);
            HttpServletStreamableServerTransportProvider transport =
                    HttpServletStreamableServerTransportProvider.builder()
                            .jsonMapper(inbound)
                            .mcpEndpoint(McpHttpServer.MCP_PATH)
                            .contextExtractor(caller)
                            // the OriginFilter checks, with JSON errors
                            .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                            .maxRequestSize((int) settings.maxRequestBytes())
                            .keepAliveInterval(settings.idleTimeout().dividedBy(2))
                            .build();
            SessionRegistry sessions = new SessionRegistry(settings.maxSessions(), auth.maxSessionsPerCaller(),
                    settings.maxSessionsPerAddress(), settings.sessionIdleTimeout(), ticker, metrics::sessionsNow);
            SessionEvictor evictor = new SessionEvictor(sessions,
                    new SessionTerminator(transport, McpHttpServer.MCP_PATH), metrics, settings.sessionIdleTimeout());
            return new McpTransport(transport, null, transport, transport.protocolVersions(), sessions, evictor,
                    new SessionTransport(transport, inbound));
        }
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(InboundMessageMapper.withoutResponses(jsonMapper))
                .messageEndpoint(McpHttpServer.MCP_PATH)
                .contextExtractor(caller)
                .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                .maxRequestSize((int) settings.maxRequestBytes())
                .build();
        return new McpTransport(null, transport, transport, transport.protocolVersions(), null, null, null);
    }
}
