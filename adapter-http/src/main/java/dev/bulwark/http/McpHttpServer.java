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
import dev.bulwark.http.edge.CallerContextExtractor;
import dev.bulwark.http.edge.HttpMethodFilter;
import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.http.edge.JsonRpcErrorHandler;
import dev.bulwark.http.edge.JsonRpcServletErrorHandler;
import dev.bulwark.http.edge.MediaTypeFilter;
import dev.bulwark.http.edge.MinimumReadRateHandler;
import dev.bulwark.http.edge.NotFoundServlet;
import dev.bulwark.http.edge.OriginFilter;
import dev.bulwark.http.edge.OriginPolicy;
import dev.bulwark.http.edge.ProtocolVersionFilter;
import dev.bulwark.http.exchange.ExchangeFilter;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.ops.HealthEndpoint;
import dev.bulwark.http.ops.MetricsEndpoint;
import dev.bulwark.http.session.SessionEvictor;
import dev.bulwark.http.session.SessionFilter;
import dev.bulwark.http.session.SessionRegistry;
import dev.bulwark.http.session.SessionTerminator;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.time.Ticker;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * MCP over Streamable HTTP on an embedded Jetty 12, through the MCP SDK's own servlet transports, with a hardened
 * edge and the operations endpoints. Build it, hand its transport to an MCP server, start it:
 *
 * <pre>{@code
 * McpHttpServer http = McpHttpServer.create(settings, jsonMapper, health, metrics, new HttpMetrics(), ticker);
 * McpSyncServer server = bulwark.serve(http.sessionTransport());   // stateless: bulwark.serveStateless(http.statelessTransport())
 * http.start();
 * ...
 * http.startDraining();                        // SIGTERM: /ready 503, new requests 503
 * http.awaitInFlight(Duration.ofSeconds(20));  // the calls in flight complete
 * server.closeGracefully();                    // sessions close
 * http.stop();
 * }</pre>
 *
 * Every request on either port passes {@link HttpMethodFilter} (405 for methods no endpoint serves), on {@code /mcp}
 * right after {@link ExchangeFilter} (metrics, JSON-RPC error bodies), so that its refusals are counted too. Every
 * request to {@code /mcp} then passes, in this order: {@link DrainFilter}, {@link OriginFilter} (Host and Origin allowlists, CORS), with authentication on
 * {@link AuthenticationFilter} (API key or JWT; 401, 400 or 429 otherwise), {@link ProtocolVersionFilter},
 * {@link MediaTypeFilter} ({@code Accept}, {@code Content-Type}), {@link BodySizeFilter}, in stateful mode
 * {@link SessionFilter} (session cap, activity, and
 * the session's owner), and with authentication on {@link ScopeChallengeFilter} (403 {@code insufficient_scope});
 * idle sessions are ended by a {@link SessionEvictor}. With authentication on, the RFC 9728 protected resource
 * metadata is served at {@code /.well-known/oauth-protected-resource} (and {@code .../mcp}) on the MCP port. {@code /health}, {@code /ready} and
 * {@code /metrics} live on the management port (or on the MCP port when configured so), outside those filters.
 * The MCP port takes at most {@code maxConnections} connections; every connection closes after
 * {@code idleTimeout} without traffic, which also bounds each read of a request, and a request body must arrive
 * at {@value #MIN_REQUEST_DATA_RATE} bytes per second at least.
 *
 * <p>Thread-safe. The lifecycle methods are meant to be called from one thread: start, then drain, then stop.
 */
public final class McpHttpServer implements AutoCloseable {

    /** The path of the MCP endpoint. */
    public static final String MCP_PATH = "/mcp";
    /** Slowest acceptable request body, in bytes per second, so a dribbling client cannot hold a connection. */
    public static final long MIN_REQUEST_DATA_RATE = 1024;

    private static final int MAX_THREADS = 256;
    /** The name of the MCP port's connector. */
    private static final String MCP_CONNECTOR = "mcp";
    /** The most of one request body read ahead of a request thread (see {@link #eagerBodies}). */
    private static final long EAGER_MAX_BYTES = 64 * 1024;
    /** What the eager body reads count on top of the body itself: a few bytes of framing per chunk read. */
    private static final long EAGER_FRAMING_ALLOWANCE = 4 * 1024;
    /**
     * Threads of the management port, its own: {@code /health}, {@code /ready} and {@code /metrics} must answer while
     * every request thread of the MCP port is taken (by requests waiting for slow or stalled bodies, say), or a load
     * balancer would take the server for dead.
     */
    private static final int MANAGEMENT_THREADS = 8;

    private final HttpServerSettings settings;
    private final Server jetty;
    private final ServerConnector mcpConnector;
    private final ServerConnector managementConnector;
    private final DrainGate drain = new DrainGate();
    private final HttpServletStreamableServerTransportProvider sessionTransport;
    private final HttpServletStatelessServerTransport statelessTransport;
    private final SessionRegistry sessions;
    private final SessionEvictor evictor;

    private McpHttpServer(HttpServerSettings settings, HttpAuthSettings auth, McpJsonMapper jsonMapper,
            ServerHealthSource health, MetricsExposition metricsExposition, HttpMetrics metrics, Ticker ticker) {
        this.settings = settings;
        ResourceIdentity resource = new ResourceIdentity(auth.resourceUrl(), MCP_PATH);
        CallerContextExtractor caller = auth.enabled()
                ? CallerContextExtractor.authenticatedOnly()
                : new CallerContextExtractor(settings.caller());
        List<String> protocolVersions;
        HttpServlet transportServlet;
        McpJsonMapper transportMapper = settings.mode() == HttpMode.STATEFUL
                ? new InboundMessageMapper(jsonMapper)
                : InboundMessageMapper.withoutResponses(jsonMapper);
        if (settings.mode() == HttpMode.STATEFUL) {
            sessionTransport = HttpServletStreamableServerTransportProvider.builder()
                    .jsonMapper(transportMapper)
                    .mcpEndpoint(MCP_PATH)
                    .contextExtractor(caller)
                    .httpHeaderValidator(ServerHttpHeaderValidator.NOOP) // the OriginFilter checks, with JSON errors
                    .maxRequestSize((int) settings.maxRequestBytes())
                    .keepAliveInterval(settings.idleTimeout().dividedBy(2))
                    .build();
            statelessTransport = null;
            protocolVersions = sessionTransport.protocolVersions();
            transportServlet = sessionTransport;
            sessions = new SessionRegistry(settings.maxSessions(), auth.maxSessionsPerCaller(),
                    settings.sessionIdleTimeout(), ticker, metrics::sessionsNow);
            evictor = new SessionEvictor(sessions, new SessionTerminator(sessionTransport, MCP_PATH), metrics,
                    settings.sessionIdleTimeout());
        } else {
            statelessTransport = HttpServletStatelessServerTransport.builder()
                    .jsonMapper(transportMapper)
                    .messageEndpoint(MCP_PATH)
                    .contextExtractor(caller)
                    .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                    .maxRequestSize((int) settings.maxRequestBytes())
                    .build();
            sessionTransport = null;
            protocolVersions = statelessTransport.protocolVersions();
            transportServlet = statelessTransport;
            sessions = null;
            evictor = null;
        }

        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("bulwark-http");
        jetty = new Server(threads);
        jetty.setErrorHandler(new JsonRpcErrorHandler(metrics, MCP_CONNECTOR));
        jetty.setStopTimeout(1_000);

        mcpConnector = connector(MCP_CONNECTOR, settings.port());
        mcpConnector.addBean(new ConnectionCounter(metrics));
        jetty.addConnector(mcpConnector);
        jetty.addBean(new NetworkConnectionLimit(settings.maxConnections(), mcpConnector));

        ServletContextHandler mcpContext = context(settings.mode());
        OriginPolicy origins = OriginPolicy.of(settings.allowedOrigins(), settings.allowedHosts(), settings.host());
        addFilter(mcpContext, new ExchangeFilter(metrics, ticker), MCP_PATH); // first: every exchange is measured
        addFilter(mcpContext, methodFilter(settings.mode()), "/*");
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
                new ProtocolVersionFilter(protocolVersions),
                new MediaTypeFilter(),
                new BodySizeFilter(settings.maxRequestBytes())));
        if (sessions != null) {
            edge.add(new SessionFilter(sessions, metrics));
        }
        if (auth.enabled()) {
            edge.add(new ScopeChallengeFilter(auth.toolScopes(), jsonMapper, resource, settings.maxRequestBytes()));
        }
        for (Filter filter : edge) {
            addFilter(mcpContext, filter, MCP_PATH);
        }
        ServletHolder transportHolder = new ServletHolder("mcp", transportServlet);
        transportHolder.setAsyncSupported(true);
        mcpContext.addServlet(transportHolder, MCP_PATH);
        if (auth.enabled()) {
            ServletHolder metadata = new ServletHolder("oauth-protected-resource",
                    new ProtectedResourceMetadataEndpoint(resource, jsonMapper, origins,
                            auth.authorizationServers(), auth.scopesSupported()));
            mcpContext.addServlet(metadata, ResourceIdentity.WELL_KNOWN);
            mcpContext.addServlet(metadata, ResourceIdentity.WELL_KNOWN + MCP_PATH);
        }

        if (settings.operationsOnMcpPort()) {
            managementConnector = null;
            addOperationsEndpoints(mcpContext, health, metricsExposition);
            jetty.setHandler(new MinimumReadRateHandler(
                    eagerBodies(mcpContext, settings.maxRequestBytes()), MIN_REQUEST_DATA_RATE));
        } else {
            QueuedThreadPool managementThreads = new QueuedThreadPool(MANAGEMENT_THREADS, 2);
            managementThreads.setName("bulwark-management");
            managementConnector = connector("management", settings.managementPort(), managementThreads);
            jetty.addConnector(managementConnector);
            ServletContextHandler operations = context(settings.mode());
            addFilter(operations, HttpMethodFilter.withoutMcpEndpoint(), "/*");
            addOperationsEndpoints(operations, health, metricsExposition);
            mcpContext.setVirtualHosts(List.of("@mcp"));
            operations.setVirtualHosts(List.of("@management"));
            jetty.setHandler(new MinimumReadRateHandler(eagerBodies(
                    new ContextHandlerCollection(mcpContext, operations), settings.maxRequestBytes()),
                    MIN_REQUEST_DATA_RATE));
        }
    }

    /**
     * Builds the server (it does not listen until {@link #start()}).
     *
     * @param settings where to listen and how the edge behaves
     * @param jsonMapper the SDK's JSON mapper for the MCP transport; a mapper that checks request params
     *     (Bulwark's) has its refusals answered as JSON-RPC errors naming the field
     * @param health the server's health, for {@code /health} and {@code /ready}
     * @param metricsExposition the server's metrics, for {@code /metrics}
     * @param metrics where the HTTP meters go; bind it to the server's registry as a {@code MeterBinder}
     * @param ticker the monotonic clock of session idleness and request durations
     */
    public static McpHttpServer create(HttpServerSettings settings, McpJsonMapper jsonMapper,
            ServerHealthSource health, MetricsExposition metricsExposition, HttpMetrics metrics, Ticker ticker) {
        return create(settings, HttpAuthSettings.off(), jsonMapper, health, metricsExposition, metrics, ticker);
    }

    /**
     * Builds the server with HTTP authentication (it does not listen until {@link #start()}): with
     * {@link HttpAuthSettings#enabled() auth enabled}, every request to {@code /mcp} needs a valid API key or JWT,
     * the protected resource metadata is served, and each session belongs to the principal that created it.
     *
     * @param auth how callers authenticate; {@link HttpAuthSettings#off()} runs every request as
     *     {@link HttpServerSettings#caller()}
     */
    public static McpHttpServer create(HttpServerSettings settings, HttpAuthSettings auth, McpJsonMapper jsonMapper,
            ServerHealthSource health, MetricsExposition metricsExposition, HttpMetrics metrics, Ticker ticker) {
        return new McpHttpServer(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(auth, "auth"),
                Objects.requireNonNull(jsonMapper, "jsonMapper"), Objects.requireNonNull(health, "health"),
                Objects.requireNonNull(metricsExposition, "metricsExposition"),
                Objects.requireNonNull(metrics, "metrics"), Objects.requireNonNull(ticker, "ticker"));
    }

    /**
     * The stateful transport, for {@code McpServer.sync(...)} or {@code Bulwark.serve(...)}.
     *
     * @throws IllegalStateException in stateless mode
     */
    public McpStreamableServerTransportProvider sessionTransport() {
        if (sessionTransport == null) {
            throw new IllegalStateException("The HTTP server is in stateless mode: use statelessTransport()");
        }
        return sessionTransport;
    }

    /**
     * The stateless transport, for {@code McpServer.sync(...)} or {@code Bulwark.serveStateless(...)}.
     *
     * @throws IllegalStateException in stateful mode
     */
    public McpStatelessServerTransport statelessTransport() {
        if (statelessTransport == null) {
            throw new IllegalStateException("The HTTP server is in stateful mode: use sessionTransport()");
        }
        return statelessTransport;
    }

    public HttpMode mode() {
        return settings.mode();
    }

    /**
     * Opens the ports and starts serving. Call it after an MCP server has taken the transport.
     *
     * @throws IllegalStateException naming the address when a port cannot be opened
     */
    public void start() {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("The HTTP server could not listen on " + settings.host() + " port "
                    + settings.port() + (managementConnector == null ? "" : " and " + settings.managementPort())
                    + ": " + e.getMessage(), e);
        }
        if (evictor != null) {
            evictor.start();
        }
    }

    /** The port {@code /mcp} listens on (the one chosen when the settings said 0). */
    public int port() {
        return mcpConnector.getLocalPort();
    }

    /** The port of {@code /health}, {@code /ready} and {@code /metrics}. */
    public int managementPort() {
        return managementConnector == null ? port() : managementConnector.getLocalPort();
    }

    /** Live sessions (0 in stateless mode). */
    public int sessionCount() {
        return sessions == null ? 0 : sessions.size();
    }

    /**
     * Starts the drain: from now on {@code /ready} answers 503 and every new MCP request gets 503, while the
     * requests already admitted run on. Idempotent.
     */
    public void startDraining() {
        drain.startDraining();
    }

    public boolean isDraining() {
        return drain.isDraining();
    }

    /**
     * Waits for the MCP requests admitted before the drain to complete, at most {@code grace}.
     *
     * @return whether all of them completed in time
     */
    public boolean awaitInFlight(Duration grace) throws InterruptedException {
        return drain.awaitIdle(grace);
    }

    /** MCP requests admitted and not yet complete. */
    public int inFlight() {
        return drain.inFlight();
    }

    /** Stops evicting sessions and closes the ports; open streams are cut. Close the MCP server's sessions first. */
    public void stop() {
        if (evictor != null) {
            evictor.close();
        }
        stopQuietly();
    }

    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is going away
        }
    }

    /**
     * Reads the body of each {@code POST} as it arrives, before {@code next} sees the request: the servlets below
     * (the edge filters, the SDK's transport) read bodies with blocking reads, so without this every request whose
     * body comes slowly, or stops, would hold one of the request threads until its body is in or given up on, and a
     * few hundred such connections, needing next to no bandwidth, would leave no thread for anyone else. At most
     * {@value #EAGER_MAX_BYTES} bytes of a body are held this way (an MCP request is usually a few hundred bytes), so
     * that a thousand connections cannot make the server hold a thousand request caps in memory; the rest of a
     * larger body is read by the servlets as before, bounded by the minimum rate and the idle timeout. A body
     * declaring more than the request cap goes on unread, for the edge to answer 413.
     */
    private static Handler eagerBodies(Handler next, long maxRequestBytes) {
        EagerContentHandler eager = new EagerContentHandler(next,
                new EagerContentHandler.RetainedContentLoaderFactory(
                        Math.min(maxRequestBytes, EAGER_MAX_BYTES) + EAGER_FRAMING_ALLOWANCE, -1, false));
        eager.includeMethod(HttpMethod.POST.asString());
        eager.exclude(request -> request.getLength() > maxRequestBytes);
        return eager;
    }

    private ServerConnector connector(String name, int port) {
        return connector(name, port, null);
    }

    /**
     * A connector on {@code port}; with {@code threads}, it serves its connections with those (one acceptor, one
     * selector) rather than the server's pool.
     */
    private ServerConnector connector(String name, int port, QueuedThreadPool threads) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(JsonRpcErrorHandler.MAX_REQUEST_HEAD_BYTES);
        ServerConnector connector = threads == null
                ? new ServerConnector(jetty, new HttpConnectionFactory(http))
                : new ServerConnector(jetty, threads, null, null, 1, 1, new HttpConnectionFactory(http));
        connector.setName(name);
        connector.setHost(settings.host());
        connector.setPort(port);
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        return connector;
    }

    private static ServletContextHandler context(HttpMode mode) {
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        context.setErrorHandler(new JsonRpcServletErrorHandler());
        context.addServlet(new ServletHolder("not-found", new NotFoundServlet()), "/");
        return context;
    }

    /** Refuses, on every path, the methods no endpoint serves (on the MCP port, inside the exchange that counts it). */
    private static HttpMethodFilter methodFilter(HttpMode mode) {
        return new HttpMethodFilter(MCP_PATH,
                mode == HttpMode.STATEFUL ? HttpMethodFilter.STATEFUL_MCP : HttpMethodFilter.STATELESS_MCP);
    }

    /** Filters are applied in the order they are added, among those whose path matches. */
    private static void addFilter(ServletContextHandler context, Filter filter, String path) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
    }

    private void addOperationsEndpoints(
            ServletContextHandler context, ServerHealthSource health, MetricsExposition metricsExposition) {
        context.addServlet(new ServletHolder("health",
                new HealthEndpoint(HealthEndpoint.Probe.LIVENESS, health, drain)), "/health");
        context.addServlet(new ServletHolder("ready",
                new HealthEndpoint(HealthEndpoint.Probe.READINESS, health, drain)), "/ready");
        context.addServlet(new ServletHolder("metrics", new MetricsEndpoint(metricsExposition)), "/metrics");
    }

    /** Keeps {@code mcp_active_connections} in step with the MCP connector. */
    private record ConnectionCounter(HttpMetrics metrics) implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            metrics.connectionOpened();
        }

        @Override
        public void onClosed(Connection connection) {
            metrics.connectionClosed();
        }
    }
}
