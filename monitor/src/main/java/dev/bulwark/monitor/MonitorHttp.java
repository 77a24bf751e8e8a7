package dev.bulwark.monitor;

import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.serve.PrometheusExposition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The monitor's HTTP port: {@code /metrics}, {@code /health} and {@code /fleet}.
 */
public final class MonitorHttp implements AutoCloseable {

    private static final int THREADS = 8;

    private final Server jetty;
    private final ServerConnector connector;

    private MonitorHttp(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    /**
     * Binds {@code host}:{@code port} (0: a free port) and serves.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static MonitorHttp start(
            String host, int port, PrometheusMeterRegistry registry, Supplier<FleetStatus> status) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(status, "status");
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
        threads.setName("bulwark-monitor-http");
        Server jetty = new Server(threads);
        jetty.setStopTimeout(1_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(Objects.requireNonNull(host, "host"));
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("health", new Liveness()), "/health");
        context.addServlet(new ServletHolder("fleet", new FleetStatusEndpoint(status)), "/fleet");
        context.addServlet(new ServletHolder("metrics", new Metrics(new PrometheusExposition(registry))), "/metrics");
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new IllegalStateException(
                    "The monitor could not bind " + host + ":" + port + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        return new MonitorHttp(jetty, connector);
    }

    /** The port bound. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(jetty);
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            // best effort: the process is going away
        }
    }

    /** {@code /metrics}: the monitor's meters for a scraper; other methods than GET and HEAD get 405. */
    private static final class Metrics extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient MetricsExposition metrics;

        Metrics(MetricsExposition metrics) {
            this.metrics = metrics;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(200);
            response.setContentType(metrics.contentType());
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(metrics.scrape());
        }
    }

    /** {@code /health}: the monitor process is alive; the fleet's own state is {@code /fleet}'s. */
    private static final class Liveness extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("{\"status\":\"up\"}");
        }
    }
}
