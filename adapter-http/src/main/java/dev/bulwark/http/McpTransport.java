package dev.bulwark.http;

import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.edge.CallerContext;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionEvictor;
import dev.bulwark.http.session.SessionRegistry;
import dev.bulwark.http.transport.Era2026Entry;
import dev.bulwark.http.transport.JettyStatelessTransport;
import dev.bulwark.http.transport.JettyStreamableTransportProvider;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.List;
import org.eclipse.jetty.server.Handler;

/**
 * The MCP transport for the server's mode, on Jetty core handlers, with its sessions and handler.
 *
 * @param stateful the stateful transport; {@code null} in stateless mode
 * @param stateless the stateless transport; {@code null} in stateful mode
 * @param handler whichever of the two serves {@code /mcp}
 * @param protocolVersions the MCP protocol versions the transport speaks
 * @param sessions the live sessions; {@code null} in stateless mode
 * @param evictor ends idle sessions; {@code null} in stateless mode
 * @param caller the caller of each request, as the transport names it
 * @param era2026Entry the 2026 era's entry, served ahead of {@code handler}
 */
record McpTransport(
        JettyStreamableTransportProvider stateful,
        JettyStatelessTransport stateless,
        Handler handler,
        List<String> protocolVersions,
        SessionRegistry sessions,
        SessionEvictor evictor,
        CallerContext caller,
        Era2026Entry era2026Entry) {

    /**
     * Builds the transport {@code settings.mode()} asks for; it reports the requests the SDK answers itself to the
     * server that serves it, for their spans ({@link dev.bulwark.ports.tracing.TracesRequests}).
     */
    static McpTransport create(
            HttpSettings settings,
            long maxRequestBytes,
            HttpAuthSettings auth,
            McpJsonMapper jsonMapper,
            HttpMetrics metrics,
            Ticker ticker) {
        CallerContext caller =
                auth.enabled() ? CallerContext.authenticatedOnly() : new CallerContext(settings.caller());
        if (settings.mode() == HttpMode.STATEFUL) {
            JettyStreamableTransportProvider transport = JettyStreamableTransportProvider.builder(
                            new InboundMessageMapper(jsonMapper), caller)
                    .maxRequestBytes(maxRequestBytes)
                    .keepAliveInterval(settings.idleTimeout().dividedBy(2))
                    .build();
            SessionRegistry sessions = new SessionRegistry(
                    settings.maxSessions(),
                    settings.maxSessionsPerCaller(),
                    settings.maxSessionsPerAddress(),
                    settings.sessionIdleTimeout(),
                    ticker,
                    metrics::sessionsNow);
            SessionEvictor evictor = new SessionEvictor(
                    sessions,
                    id -> transport.endSession(id, McpTransportContext.EMPTY),
                    metrics,
                    settings.sessionIdleTimeout());
            return new McpTransport(
                    transport,
                    null,
                    transport,
                    transport.protocolVersions(),
                    sessions,
                    evictor,
                    caller,
                    transport.era2026Entry());
        }
        JettyStatelessTransport transport =
                new JettyStatelessTransport(InboundMessageMapper.withoutResponses(jsonMapper), caller, maxRequestBytes);
        return new McpTransport(
                null, transport, transport, transport.protocolVersions(), null, null, caller, transport.era2026Entry());
    }
}
