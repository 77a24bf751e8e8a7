package dev.bulwark.http;

import dev.bulwark.http.auth.AuthFailureLimiter;
import dev.bulwark.http.auth.AuthenticationHandler;
import dev.bulwark.http.auth.Authenticator;
import dev.bulwark.http.auth.ClientAddresses;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.auth.ProtectedResourceMetadataEndpoint;
import dev.bulwark.http.auth.ResourceIdentity;
import dev.bulwark.http.auth.ScopeChallengeHandler;
import dev.bulwark.http.drain.CallsInFlight;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.drain.DrainHandler;
import dev.bulwark.http.edge.BodyBudget;
import dev.bulwark.http.edge.BodyBudgetHandler;
import dev.bulwark.http.edge.BodySizeHandler;
import dev.bulwark.http.edge.McpMethodHandler;
import dev.bulwark.http.edge.MediaTypeHandler;
import dev.bulwark.http.edge.NotFoundHandler;
import dev.bulwark.http.edge.OriginHandler;
import dev.bulwark.http.edge.OriginPolicy;
import dev.bulwark.http.edge.ProtocolVersionHandler;
import dev.bulwark.http.edge.ReadOnlyMethodHandler;
import dev.bulwark.http.exchange.EdgeHandler;
import dev.bulwark.http.exchange.ExchangeHandler;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.session.SessionHandler;
import dev.bulwark.http.transport.Era2026Endpoint;
import dev.bulwark.http.transport.Era2026Handler;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;

/**
 * The MCP port's handlers, and the one place that decides the order of the edge.
 */
final class McpChain {

    /** How many request bodies may wait for room in the budget, each holding a request thread. */
    static final int MAX_BODIES_WAITING = 32;

    private final HttpSettings settings;
    private final long maxRequestBytes;
    private final HttpAuthSettings auth;
    private final McpJsonMapper jsonMapper;
    private final HttpMetrics metrics;
    private final Ticker ticker;
    private final DrainGate drain;
    private final CallsInFlight calls;
    private final ResourceIdentity resource;
    private final OriginPolicy origins;
    /** Shared by every request of the port: the bodies held at once (see {@link BodyBudget}). */
    private final BodyBudget bodies;

    McpChain(
            HttpSettings settings,
            long maxRequestBytes,
            HttpAuthSettings auth,
            McpJsonMapper jsonMapper,
            HttpMetrics metrics,
            Ticker ticker,
            DrainGate drain,
            CallsInFlight calls) {
        this.settings = settings;
        this.maxRequestBytes = maxRequestBytes;
        this.auth = auth;
        this.jsonMapper = jsonMapper;
        this.metrics = metrics;
        this.ticker = ticker;
        this.drain = drain;
        this.calls = calls;
        this.resource = new ResourceIdentity(auth.settings().resourceUrl(), McpHttpServer.MCP_PATH);
        this.origins = OriginPolicy.of(settings.allowedOrigins(), settings.allowedHosts(), settings.host());
        this.bodies = BodyBudget.forHeap(Runtime.getRuntime().maxMemory(), maxRequestBytes, MAX_BODIES_WAITING);
    }

    /** The MCP port's paths: {@code /mcp} through the edge to the transport, the metadata, 404 elsewhere. */
    Routes routes(McpTransport transport) {
        Routes routes = new Routes(ReadOnlyMethodHandler.forPaths(new NotFoundHandler()))
                .add(McpHttpServer.MCP_PATH, endpoint(transport));
        if (auth.enabled()) {
            Handler metadata = new ProtectedResourceMetadataEndpoint(
                    resource, jsonMapper, origins, auth.authorizationServers(), auth.scopesSupported());
            routes.add(ResourceIdentity.WELL_KNOWN, ReadOnlyMethodHandler.forEndpoint(metadata));
            routes.add(
                    ResourceIdentity.WELL_KNOWN + McpHttpServer.MCP_PATH, ReadOnlyMethodHandler.forEndpoint(metadata));
        }
        return routes;
    }

    /** {@code /mcp}: the exchange, then {@link #edge} in order, then the transport. */
    Handler endpoint(McpTransport transport) {
        Handler.Wrapper exchange = new ExchangeHandler(metrics, ticker, maxRequestBytes, jsonMapper);
        Handler.Wrapper last = exchange;
        for (EdgeHandler check : edge(transport)) {
            last.setHandler(check);
            last = check;
        }
        last.setHandler(transport.handler());
        return exchange;
    }

    /**
     * What serves a request of the 2026 era once claimed: the scope challenge (with authentication on, as a
     * session-era call gets it after its session check), then the endpoint.
     */
    private Handler era2026Entry(McpTransport transport) {
        Handler endpoint = new Era2026Endpoint(
                transport.caller(),
                transport.era2026Entry(),
                settings.idleTimeout().dividedBy(2));
        if (!auth.enabled()) {
            return endpoint;
        }
        ScopeChallengeHandler challenge = new ScopeChallengeHandler(auth.toolScopes(), resource);
        challenge.setHandler(endpoint);
        return challenge;
    }

    /** The edge handlers of {@code /mcp}, in the order a request passes them. */
    List<EdgeHandler> edge(McpTransport transport) {
        List<EdgeHandler> edge = new ArrayList<>(List.of(
                new McpMethodHandler(
                        settings.mode() == HttpMode.STATEFUL
                                ? McpMethodHandler.STATEFUL_MCP
                                : McpMethodHandler.STATELESS_MCP),
                new DrainHandler(drain, calls),
                new OriginHandler(origins)));
        if (auth.enabled()) {
            edge.add(new AuthenticationHandler(
                    new Authenticator(auth.apiKeys(), auth.bearerTokens()),
                    new AuthFailureLimiter(auth.settings().failureLimit()),
                    resource,
                    new ClientAddresses(auth.settings().trustedProxies())));
        }
        edge.addAll(List.of(
                new ProtocolVersionHandler(transport.protocolVersions(), transport.era2026Entry()::decidesVersion),
                new MediaTypeHandler(),
                new BodySizeHandler(maxRequestBytes),
                new BodyBudgetHandler(bodies, BodyBudgetHandler.PATIENCE),
                new Era2026Handler(transport.era2026Entry(), transport.protocolVersions(), era2026Entry(transport))));
        if (transport.sessions() != null) {
            edge.add(new SessionHandler(
                    transport.sessions(),
                    metrics,
                    new ClientAddresses(auth.settings().trustedProxies())));
        }
        if (auth.enabled()) {
            edge.add(new ScopeChallengeHandler(auth.toolScopes(), resource));
        }
        return edge;
    }
}
