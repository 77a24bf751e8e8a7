package dev.bulwark.serve;

import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpServerSettings;
import dev.bulwark.http.McpHttpServer;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Bulwark} server over Streamable HTTP with the server jar's edge (Origin and Host checks, body and
 * connection limits), authentication (API keys, JWT), session limits, {@code /health} {@code /ready}
 * {@code /metrics}, and drain. The server jar goes through here too. Settings default to the Bulwark's own
 * configuration ({@code http.*}, {@code auth.*}); the builder overrides them:
 *
 * <pre>{@code
 * try (BulwarkHttp http = BulwarkHttp.builder(bulwark).port(8080).start()) {
 *     http.awaitStop();
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class BulwarkHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkHttp.class);

    private final Bulwark bulwark;
    private final McpHttpServer http;
    private final AutoCloseable mcpServer;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private BulwarkHttp(Bulwark bulwark, McpHttpServer http) {
        this.bulwark = bulwark;
        this.http = http;
        this.mcpServer = http.mode() == HttpMode.STATEFUL
                ? bulwark.serve(http.sessionTransport())::closeGracefully
                : bulwark.serveStateless(http.statelessTransport())::closeGracefully;
        http.start();
    }

    /** A builder whose settings are those of {@code bulwark.config()}. */
    public static Builder builder(Bulwark bulwark) {
        return new Builder(bulwark);
    }

    /** The port MCP is served on ({@code /mcp}), once started (the bound port when 0 was asked for). */
    public int port() {
        return http.port();
    }

    /** The port of {@code /health}, {@code /ready} and {@code /metrics}; the MCP port when they share it. */
    public int managementPort() {
        return http.managementPort();
    }

    /** Stateful (sessions, SSE) or stateless. */
    public HttpMode mode() {
        return http.mode();
    }

    /** The MCP requests being served now. */
    public int inFlight() {
        return http.inFlight();
    }

    /**
     * Drains: {@code /ready} answers 503 at once and so does every new MCP request and session; the calls in flight
     * run to completion for at most {@code grace}. Returns whether they all did.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        http.startDraining();
        bulwark.health().startDraining();
        return http.awaitInFlight(grace);
    }

    /** Blocks until {@link #close()} has stopped the server. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Closes the MCP sessions (their event streams end) and the ports; the {@link Bulwark} stays open. */
    @Override
    public void close() {
        try {
            mcpServer.close();
        } catch (Exception e) {
            LOG.warn("Error while closing the MCP sessions", e);
        } finally {
            http.stop();
            stopped.countDown();
        }
    }

    /** Configures a {@link BulwarkHttp}. Not thread-safe. */
    public static final class Builder {
        private final Bulwark bulwark;
        private HttpServerSettings settings;
        private ApiKeys apiKeys = ApiKeys.none();
        private HttpAuthSettings auth;
        private final List<String> extraScopes = new ArrayList<>();
        private MetricsExposition metrics;
        private Ticker ticker = Ticker.system();

        private Builder(Bulwark bulwark) {
            this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
            this.settings = HttpConfiguration.settingsOf(bulwark.config());
        }

        /** The address to bind; default {@code http.host} ({@code 127.0.0.1}). */
        public Builder host(String host) {
            settings = settings.withHost(host);
            return this;
        }

        /** The MCP port; default {@code http.port} (8080); 0 binds a free port. */
        public Builder port(int port) {
            settings = settings.withPort(port);
            return this;
        }

        /** The port of the ops endpoints; default {@code http.management-port}. */
        public Builder managementPort(int port) {
            settings = settings.withManagementPort(port);
            return this;
        }

        /** Stateful or stateless; default {@code http.mode}. */
        public Builder mode(HttpMode mode) {
            settings = settings.withMode(mode);
            return this;
        }

        /** Every edge setting at once, replacing the configuration's. */
        public Builder settings(HttpServerSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** The API keys callers may present, where {@code auth.mode} requires authentication for the host. */
        public Builder apiKeys(ApiKeys keys) {
            this.apiKeys = Objects.requireNonNull(keys, "apiKeys");
            return this;
        }

        /** Scopes a tool checks inside its handler rather than up front, advertised as supported. */
        public Builder scopesSupported(String... scopes) {
            extraScopes.addAll(List.of(scopes));
            return this;
        }

        /** The whole authentication, replacing what {@code auth.*} and {@link #apiKeys} describe. */
        public Builder auth(HttpAuthSettings value) {
            this.auth = Objects.requireNonNull(value, "auth");
            return this;
        }

        /**
         * What {@code /metrics} serves; default: the Prometheus text of the Bulwark's registry when it is a
         * {@code PrometheusMeterRegistry}, else a comment saying how to export them.
         */
        public Builder metrics(MetricsExposition exposition) {
            this.metrics = Objects.requireNonNull(exposition, "metrics");
            return this;
        }

        /** The monotonic clock of session idleness and request durations; default the system's. */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /**
         * Binds the ports and serves.
         *
         * @throws IllegalStateException when authentication is required for the host but no API key or JWT
         *     verification is configured
         */
        public BulwarkHttp start() {
            boolean jwt = bulwark.config().auth().jwtSecret().isPresent()
                    || bulwark.config().auth().jwksUrl().isPresent();
            if (auth == null && bulwark.config().auth().requiredFor(settings.host()) && apiKeys.isEmpty() && !jwt) {
                throw new IllegalStateException("Authentication is required for host " + settings.host()
                        + " but no caller could pass it: give API keys (apiKeys(...), auth.api-keys-file) or a JWT"
                        + " verification (auth.jwt-secret or auth.jwks-url), or bind to loopback");
            }
            HttpAuthSettings authentication = auth != null ? auth : HttpConfiguration.authOf(bulwark.config(),
                    settings.host(), bulwark.features(), apiKeys, extraScopes);
            HttpMetrics httpMetrics = new HttpMetrics();
            httpMetrics.bindTo(bulwark.meterRegistry());
            McpHttpServer http = McpHttpServer.create(settings, authentication, bulwark.jsonMapper(),
                    bulwark.health(), metrics != null ? metrics : defaultMetrics(), httpMetrics, ticker);
            return new BulwarkHttp(bulwark, http);
        }

        private MetricsExposition defaultMetrics() {
            if (bulwark.meterRegistry() instanceof PrometheusMeterRegistry prometheus) {
                return new PrometheusExposition(prometheus);
            }
            String note = "# Metrics are kept in a " + bulwark.meterRegistry().getClass().getSimpleName()
                    + ", which has no Prometheus text: build the Bulwark with a PrometheusMeterRegistry to export"
                    + " them here\n";
            LOG.warn("/metrics serves no metrics: the Bulwark's meter registry is not a PrometheusMeterRegistry");
            return new MetricsExposition() {
                @Override
                public String contentType() {
                    return "text/plain; version=0.0.4; charset=utf-8";
                }

                @Override
                public String scrape() {
                    return note;
                }
            };
        }
    }
}
