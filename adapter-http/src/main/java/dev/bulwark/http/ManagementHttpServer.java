package dev.bulwark.http;

import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.JsonRpcErrorHandler;
import dev.bulwark.http.edge.NotFoundHandler;
import dev.bulwark.http.edge.ReadOnlyMethodHandler;
import dev.bulwark.http.ops.HealthEndpoint;
import dev.bulwark.http.ops.MetricsEndpoint;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The operations endpoints alone ({@code /health}, {@code /ready}, {@code /metrics}) on one port, with no MCP
 * endpoint: for a process that runs tool calls without serving clients, such as a task worker. Thread-safe.
 */
public final class ManagementHttpServer implements AutoCloseable {

    /** Enough for a load balancer's probes and a scraper, as the management port of the MCP server has. */
    private static final int THREADS = 8;

    private final Server jetty;
    private final ServerConnector connector;
    private final DrainGate drain = new DrainGate();

    private ManagementHttpServer(
            String host, int port, Duration idleTimeout, ServerHealthSource health, MetricsExposition metrics) {
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("bulwark-management");
        jetty = new Server(threads);
        jetty.setStopTimeout(1_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(JsonRpcErrorHandler.MAX_REQUEST_HEAD_BYTES);
        http.setHeaderCacheSize(JettyPorts.HEADER_CACHE_SIZE);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setName("management");
        connector.setHost(host);
        connector.setPort(port == HttpSettings.ANY_FREE_PORT ? 0 : port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        jetty.addConnector(connector);
        Routes routes = new Routes(ReadOnlyMethodHandler.forPaths(new NotFoundHandler()));
        routes.add(
                "/health",
                ReadOnlyMethodHandler.forEndpoint(new HealthEndpoint(HealthEndpoint.Probe.LIVENESS, health, drain)));
        routes.add(
                "/ready",
                ReadOnlyMethodHandler.forEndpoint(new HealthEndpoint(HealthEndpoint.Probe.READINESS, health, drain)));
        routes.add("/metrics", ReadOnlyMethodHandler.forEndpoint(new MetricsEndpoint(metrics)));
        jetty.setHandler(routes);
    }

    /**
     * Opens the port and serves the endpoints.
     *
     * @param host the address to bind
     * @param port the port; {@link HttpSettings#ANY_FREE_PORT} binds a free one ({@link #port()} tells which)
     * @param idleTimeout how long a silent connection stays open
     * @throws PortUnavailableException naming the port when it cannot be opened
     * @throws IllegalStateException when the server cannot start for another reason
     */
    public static ManagementHttpServer start(
            String host, int port, Duration idleTimeout, ServerHealthSource health, MetricsExposition metrics) {
        ManagementHttpServer server = new ManagementHttpServer(
                Objects.requireNonNull(host, "host"),
                port,
                Objects.requireNonNull(idleTimeout, "idleTimeout"),
                Objects.requireNonNull(health, "health"),
                Objects.requireNonNull(metrics, "metrics"));
        try {
            server.connector.open();
        } catch (IOException e) {
            server.connector.close();
            throw new PortUnavailableException(PortUnavailableException.Listener.MANAGEMENT, host, port, e);
        }
        try {
            server.jetty.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException(
                    "The management server could not listen on " + host + " port " + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** The port the endpoints listen on (the one chosen when any free port was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** From now on {@code /ready} answers 503: the process is stopping. Idempotent. */
    public void startDraining() {
        drain.startDraining();
    }

    /** Closes the port, best effort: the process is going away. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is going away
        }
    }
}
