package dev.bulwark.http;

import dev.bulwark.http.connection.ConnectionsPerAddress;
import dev.bulwark.http.connection.RequestHeadDeadline;
import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.BodyReadAhead;
import dev.bulwark.http.edge.JsonRpcErrorHandler;
import dev.bulwark.http.edge.MinimumReadRateHandler;
import dev.bulwark.http.edge.NotFoundHandler;
import dev.bulwark.http.edge.ReadOnlyMethodHandler;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.ops.HealthEndpoint;
import dev.bulwark.http.ops.MetricsEndpoint;
import dev.bulwark.http.ops.ThrottledLog;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.security.AddressRange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Jetty and its ports: the MCP port and the management port.
 */
final class JettyPorts {

    /**
     * The characters of request header fields a connection caches: none, so that a keep-alive connection holds no
     * table for its life (Jetty's default is 96 KiB each; the trade is in docs/performance.md).
     */
    static final int HEADER_CACHE_SIZE = 0;

    private static final int MAX_THREADS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(JettyPorts.class);
    /** At most one line per this for each kind of connection the port closes below HTTP. */
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
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

    private final HttpSettings settings;
    private final Server jetty;
    private final ServerConnector mcpConnector;
    private final ServerConnector managementConnector;
    private final ConnectionsPerAddress perAddress;
    /** The port the MCP connector opened last, or -1: kept when the connector closes, which forgets its own. */
    private volatile int mcpPortOpened = -1;

    /**
     * @param settings the host, ports, limits and timeouts
     * @param maxRequestBytes the largest request body accepted
     * @param metrics where connections and the refusals Jetty answers itself are counted
     * @param mcpRoutes what the MCP port serves
     * @param health the server's health, for {@code /health} and {@code /ready}
     * @param metricsExposition the server's metrics, for {@code /metrics}
     * @param drain makes {@code /ready} answer 503 while the server drains
     * @param trustedProxies the proxies whose connections carry many clients: not limited per address
     */
    JettyPorts(
            HttpSettings settings,
            long maxRequestBytes,
            HttpMetrics metrics,
            Routes mcpRoutes,
            ServerHealthSource health,
            MetricsExposition metricsExposition,
            DrainGate drain,
            List<AddressRange> trustedProxies) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("bulwark-http");
        jetty = new Server(threads);
        jetty.setErrorHandler(new JsonRpcErrorHandler(metrics, MCP_CONNECTOR));
        jetty.setStopTimeout(1_000);

        mcpConnector = connector(MCP_CONNECTOR, settings.port(), null);
        mcpConnector.addBean(new ConnectionCounter(metrics));
        perAddress = perAddressShare(settings.maxConnectionsPerAddress(), trustedProxies, metrics);
        mcpConnector.addBean(perAddress);
        RequestHeadDeadline heads = headDeadline(settings.requestHeadTimeout(), metrics);
        mcpConnector.addBean(heads);
        jetty.addConnector(mcpConnector);
        jetty.addBean(new NetworkConnectionLimit(settings.maxConnections(), mcpConnector));

        if (settings.operationsOnMcpPort()) {
            managementConnector = null;
            addOperationsEndpoints(mcpRoutes, health, metricsExposition, drain);
            jetty.setHandler(heads.handler(new MinimumReadRateHandler(
                    eagerBodies(mcpRoutes, maxRequestBytes), McpHttpServer.MIN_REQUEST_DATA_RATE)));
        } else {
            QueuedThreadPool managementThreads = new QueuedThreadPool(MANAGEMENT_THREADS, 2);
            managementThreads.setName("bulwark-management");
            managementConnector = connector("management", settings.managementPortToBind(), managementThreads);
            jetty.addConnector(managementConnector);
            Routes operations = new Routes(ReadOnlyMethodHandler.forPaths(new NotFoundHandler()));
            addOperationsEndpoints(operations, health, metricsExposition, drain);
            jetty.setHandler(heads.handler(new MinimumReadRateHandler(
                    eagerBodies(new ByConnector(MCP_CONNECTOR, mcpRoutes, operations), maxRequestBytes),
                    McpHttpServer.MIN_REQUEST_DATA_RATE)));
        }
    }

    /**
     * Opens the ports; on failure, closes what had opened and throws.
     *
     * @throws PortUnavailableException naming the port when one of them cannot be opened
     */
    void start() throws Exception {
        try {
            // Each port opened on its own first, so a port that cannot be opened is named; Jetty keeps them open.
            open(mcpConnector, PortUnavailableException.Listener.MCP, settings.port());
            mcpPortOpened = mcpConnector.getLocalPort();
            if (managementConnector != null) {
                open(managementConnector, PortUnavailableException.Listener.MANAGEMENT, settings.managementPort());
            }
            jetty.start();
        } catch (Exception e) {
            stop();
            mcpConnector.close();
            if (managementConnector != null) {
                managementConnector.close();
            }
            throw e;
        }
    }

    private void open(ServerConnector connector, PortUnavailableException.Listener listener, int port) {
        try {
            connector.open();
        } catch (IOException e) {
            throw new PortUnavailableException(listener, settings.host(), port, e);
        }
    }

    /** Closes the ports, best effort: the process is going away. */
    void stop() {
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is going away
        }
    }

    /** Whether the operations endpoints have a port of their own. */
    boolean hasManagementPort() {
        return managementConnector != null;
    }

    /** The MCP port's connections each client address holds now (see {@link ConnectionsPerAddress}). */
    Map<String, Integer> connectionsPerAddress() {
        return perAddress.heldByAddress();
    }

    /** Sets the idle timeout of every connection open on the MCP port now to {@code timeout}. */
    void idleTimeoutOfOpenConnections(Duration timeout) {
        mcpConnector.getConnectedEndPoints().forEach(endPoint -> endPoint.setIdleTimeout(timeout.toMillis()));
    }

    /** How many connections open on the MCP port are being read now, each for a request or a client's leaving. */
    long connectionsRead() {
        return mcpConnector.getConnectedEndPoints().stream()
                .filter(endPoint -> endPoint.isFillInterested())
                .count();
    }

    int mcpPort() {
        return mcpConnector.getLocalPort();
    }

    /** The port the MCP connector opened last, also once it is closed again (a failed start's), or -1. */
    int mcpPortOpened() {
        return mcpPortOpened;
    }

    int managementPort() {
        return managementConnector == null ? mcpPort() : managementConnector.getLocalPort();
    }

    /**
     * Reads the body of each {@code POST} as it arrives, before {@code next} sees the request, so a slow or stalled
     * body holds a connection, never a request thread (the handlers below read bodies with blocking reads). At most
     * {@value #EAGER_MAX_BYTES} bytes of a body are held this way; the handlers read the rest of a larger one, within
     * the minimum rate and the idle timeout. A body declaring more than the request cap goes on unread, for the edge
     * to answer 413.
     */
    private static Handler eagerBodies(Handler next, long maxRequestBytes) {
        EagerContentHandler eager = new EagerContentHandler(
                next, new BodyReadAhead(Math.min(maxRequestBytes, EAGER_MAX_BYTES) + EAGER_FRAMING_ALLOWANCE));
        eager.includeMethod(HttpMethod.POST.asString());
        eager.exclude(request -> request.getLength() > maxRequestBytes);
        return eager;
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
        http.setHeaderCacheSize(HEADER_CACHE_SIZE);
        ServerConnector connector = threads == null
                ? new ServerConnector(jetty, new HttpConnectionFactory(http))
                : new ServerConnector(jetty, threads, null, null, 1, 1, new HttpConnectionFactory(http));
        connector.setName(name);
        connector.setHost(settings.host());
        connector.setPort(port);
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        return connector;
    }

    /**
     * Closes each connection over one address's share of the MCP port's connections, counted and logged; a trusted
     * proxy's are not limited.
     */
    private static ConnectionsPerAddress perAddressShare(
            int maxPerAddress, List<AddressRange> trustedProxies, HttpMetrics metrics) {
        ThrottledLog log = new ThrottledLog(
                LOG,
                "HTTP connection closed: its client address holds as many"
                        + " connections as one address may (http.max-connections-per-address)",
                LOG_INTERVAL);
        List<AddressRange> proxies = List.copyOf(trustedProxies);
        return new ConnectionsPerAddress(
                maxPerAddress, address -> proxies.stream().anyMatch(range -> range.contains(address)), address -> {
                    metrics.refused(HttpMetrics.CONNECTIONS_PER_ADDRESS);
                    log.warn("client", address, "limit", maxPerAddress);
                });
    }

    /** Closes each MCP connection whose request head is late, counted and logged. */
    private RequestHeadDeadline headDeadline(Duration deadline, HttpMetrics metrics) {
        ThrottledLog log = new ThrottledLog(
                LOG,
                "HTTP connection closed: its request head did not arrive within" + " http.request-head-timeout",
                LOG_INTERVAL);
        return new RequestHeadDeadline(deadline, jetty.getScheduler(), () -> {
            metrics.refused(HttpMetrics.REQUEST_HEAD_TIMEOUT);
            log.warn("timeout", deadline.toString());
        });
    }

    private static void addOperationsEndpoints(
            Routes routes, ServerHealthSource health, MetricsExposition metricsExposition, DrainGate drain) {
        routes.add(
                "/health",
                ReadOnlyMethodHandler.forEndpoint(new HealthEndpoint(HealthEndpoint.Probe.LIVENESS, health, drain)));
        routes.add(
                "/ready",
                ReadOnlyMethodHandler.forEndpoint(new HealthEndpoint(HealthEndpoint.Probe.READINESS, health, drain)));
        routes.add("/metrics", ReadOnlyMethodHandler.forEndpoint(new MetricsEndpoint(metricsExposition)));
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
