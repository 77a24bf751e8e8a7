package dev.bulwark.http;

import dev.bulwark.http.auth.AuthFailureLimiter;
import dev.bulwark.http.auth.AuthenticationFilter;
import dev.bulwark.http.auth.Authenticator;
import dev.bulwark.http.auth.ClientAddresses;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.JwtVerifier;
import dev.bulwark.http.auth.ProtectedResourceMetadataEndpoint;
import dev.bulwark.http.auth.ResourceIdentity;
import dev.bulwark.http.auth.ScopeChallengeFilter;
import dev.bulwark.http.drain.DrainFilter;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.BodySizeFilter;
import dev.bulwark.http.edge.HttpMethodFilter;
import dev.bulwark.http.edge.MediaTypeFilter;
import dev.bulwark.http.edge.OriginFilter;
import dev.bulwark.http.edge.OriginPolicy;
import dev.bulwark.http.edge.ProtocolVersionFilter;
import dev.bulwark.http.exchange.ExchangeFilter;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionFilter;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The MCP endpoint's servlet context, and the one place that decides the order of its edge. Every request on the
 * MCP port passes {@link ExchangeFilter} on {@code /mcp} (metrics, JSON-RPC error bodies), then
 * {@link HttpMethodFilter} on every path, so that its refusals are counted too. A request to {@code /mcp} then
 * passes {@link #filters}, in this order:
 *
 * <pre>
 * DrainFilter → OriginFilter → [AuthenticationFilter] → ProtocolVersionFilter → MediaTypeFilter → BodySizeFilter
 *             → [SessionFilter] → [ScopeChallengeFilter] → the SDK's transport servlet
 * </pre>
 *
 * the authentication and scope filters with authentication on, the session filter in stateful mode. With
 * authentication on, the RFC 9728 protected resource metadata is served at {@code /.well-known/oauth-protected-resource}
 * (and {@code .../mcp}), outside those filters.
 *
 * <p>Thread-safe: immutable; each call builds new filters.
 */
final class McpEdge {

    private final HttpServerSettings settings;
    private final HttpAuthSettings auth;
    private final McpJsonMapper jsonMapper;
    private final HttpMetrics metrics;
    private final Ticker ticker;
    private final DrainGate drain;
    private final ResourceIdentity resource;
    private final OriginPolicy origins;

    /**
     * @param settings the edge's limits and allowlists, and the mode
     * @param auth how callers authenticate, or {@link HttpAuthSettings#off()}
     * @param jsonMapper reads request bodies where a filter must, and writes JSON answers
     * @param metrics where refusals and sessions are counted
     * @param ticker the monotonic clock of exchange durations
     * @param drain refuses new requests once the server drains
     */
    McpEdge(HttpServerSettings settings, HttpAuthSettings auth, McpJsonMapper jsonMapper, HttpMetrics metrics,
            Ticker ticker, DrainGate drain) {
        this.settings = settings;
        this.auth = auth;
        this.jsonMapper = jsonMapper;
        this.metrics = metrics;
        this.ticker = ticker;
        this.drain = drain;
        this.resource = new ResourceIdentity(auth.resourceUrl(), McpHttpServer.MCP_PATH);
        this.origins = OriginPolicy.of(settings.allowedOrigins(), settings.allowedHosts(), settings.host());
    }

    /** The MCP port's context: the exchange and method filters, the edge, the transport, the metadata. */
    ServletContextHandler context(McpTransport transport) {
        ServletContextHandler context = ServletContexts.create();
        ServletContexts.addFilter(context, new ExchangeFilter(metrics, ticker), McpHttpServer.MCP_PATH);
        ServletContexts.addFilter(context, methodFilter(), "/*");
        for (Filter filter : filters(transport)) {
            ServletContexts.addFilter(context, filter, McpHttpServer.MCP_PATH);
        }
        ServletHolder transportHolder = new ServletHolder("mcp", transport.servlet());
        transportHolder.setAsyncSupported(true);
        context.addServlet(transportHolder, McpHttpServer.MCP_PATH);
        if (auth.enabled()) {
            ServletHolder metadata = new ServletHolder("oauth-protected-resource",
                    new ProtectedResourceMetadataEndpoint(resource, jsonMapper, origins,
                            auth.authorizationServers(), auth.scopesSupported()));
            context.addServlet(metadata, ResourceIdentity.WELL_KNOWN);
            context.addServlet(metadata, ResourceIdentity.WELL_KNOWN + McpHttpServer.MCP_PATH);
        }
        return context;
    }

    /** The filters of {@code /mcp} after the exchange and method filters, in the order a request passes them. */
    List<Filter> filters(McpTransport transport) {
        List<Filter> edge = new ArrayList<>(List.of(
                new DrainFilter(drain, jsonMapper, settings.maxRequestBytes()),
                new OriginFilter(origins)));
        if (auth.enabled()) {
            edge.add(new AuthenticationFilter(
                    new Authenticator(auth.apiKeys(), auth.jwt().map(JwtVerifier::new)),
                    new AuthFailureLimiter(auth.failuresPerMinute()), resource,
                    new ClientAddresses(auth.trustedProxies())));
        }
        edge.addAll(List.of(
                new ProtocolVersionFilter(transport.protocolVersions()),
                new MediaTypeFilter(),
                new BodySizeFilter(settings.maxRequestBytes())));
        if (transport.sessions() != null) {
            edge.add(new SessionFilter(transport.sessions(), metrics, new ClientAddresses(auth.trustedProxies())));
        }
        if (auth.enabled()) {
            edge.add(new ScopeChallengeFilter(auth.toolScopes(), jsonMapper, resource, settings.maxRequestBytes()));
        }
        return edge;
    }

    /** Refuses, on every path, the methods no endpoint serves (inside the exchange that counts it). */
    private HttpMethodFilter methodFilter() {
        return new HttpMethodFilter(McpHttpServer.MCP_PATH, settings.mode() == HttpMode.STATEFUL
                ? HttpMethodFilter.STATEFUL_MCP : HttpMethodFilter.STATELESS_MCP);
    }
}
