package dev.bulwark.serve;

import dev.bulwark.config.ConfigProblem;
import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.McpHttpServer;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.serve.config.ApiKeysFile;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Bulwark} server over Streamable HTTP with the server jar's edge, authentication, session limits,
 * operations endpoints and drain, with the settings given to its {@link Builder}:
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
    private final Duration drainDelay;
    private final Duration drainGrace;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Ends the drain delay before its time: at {@link #close()}, or when a test says so. */
    private final CountDownLatch delayEnded = new CountDownLatch(1);

    private BulwarkHttp(Bulwark bulwark, McpHttpServer http, Duration drainDelay, Duration drainGrace) {
        this.bulwark = bulwark;
        this.http = http;
        this.drainDelay = drainDelay;
        this.drainGrace = drainGrace;
        this.mcpServer = http.mode() == HttpMode.STATEFUL
                ? bulwark.serve(http.sessionTransport())::closeGracefully
                : closesGracefully(bulwark.serveStateless(http.statelessTransport()));
        http.start();
    }

    /** What closes {@code server}: its {@code closeGracefully()} is a {@code Mono} that does nothing until subscribed. */
    private static AutoCloseable closesGracefully(McpStatelessAsyncServer server) {
        return () -> server.closeGracefully().block();
    }

    /** A builder serving {@code bulwark} with the default settings. */
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

    /** How long {@link #drain()} lets the calls in flight complete: {@code http.drain-grace}. */
    public Duration drainGrace() {
        return drainGrace;
    }

    /**
     * How long {@link #drain()} serves on with {@code /ready} answering 503 before the drain itself:
     * {@code http.drain-delay}.
     */
    public Duration drainDelay() {
        return drainDelay;
    }

    /**
     * Leaves, then drains: {@code /ready} answers 503 at once while every MCP request is still served, for
     * {@link #drainDelay()}, so a load balancer polling {@code /ready} takes the server out before any request is
     * refused; then drains for {@link #drainGrace()} as {@link #drain(Duration)} says.
     */
    public boolean drain() throws InterruptedException {
        http.startLeaving();
        bulwark.health().startDraining();
        if (!drainDelay.isZero()) {
            delayEnded.await(drainDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
        return drain(drainGrace);
    }

    /** Ends the drain delay of a {@link #drain()} now (or before it starts), so a test need not wait it out. */
    void endDrainDelay() {
        delayEnded.countDown();
    }

    /**
     * Drains at once, with no delay: {@code /ready} answers 503 and so does every new MCP request and session; the open 2026-era
     * subscriptions end at once with their final result; the calls in flight run to completion for at most
     * {@code grace}, and each one still running then is answered with a JSON-RPC error saying the shutdown cut it
     * off and it may have run. Returns whether they all completed.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        http.startDraining();
        bulwark.health().startDraining();
        bulwark.endSubscriptions(); // open until their clients leave: each gets its final result now
        if (http.awaitInFlight(grace)) {
            return true;
        }
        http.cutOffInFlight();
        return false;
    }

    /** Blocks until {@link #close()} has stopped the server. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Closes the MCP sessions (their event streams end) and the ports; the {@link Bulwark} stays open. */
    @Override
    public void close() {
        delayEnded.countDown();
        try {
            mcpServer.close();
        } catch (Exception e) {
            LOG.warn("Error while closing the MCP sessions", e);
        } finally {
            http.stop();
            stopped.countDown();
        }
    }

    /**
     * Configures a {@link BulwarkHttp}. {@link #host}, {@link #port}, {@link #managementPort} and {@link #mode}
     * override the settings, whatever the order they are given in. Not thread-safe.
     */
    public static final class Builder {
        private final Bulwark bulwark;
        private HttpSettings settings = HttpSettings.defaults();
        private AuthSettings authSettings = AuthSettings.defaults();
        private String host;
        private Integer port;
        private Integer managementPort;
        private HttpMode mode;
        private ApiKeys apiKeys;
        private BearerTokenVerifier tokenVerifier;
        private final List<String> extraScopes = new ArrayList<>();
        private MetricsExposition metrics;
        private Ticker ticker = Ticker.system();

        private Builder(Bulwark bulwark) {
            this.bulwark = Objects.requireNonNull(bulwark, "bulwark");
        }

        /** The address to bind; default the settings' {@code host} ({@code 127.0.0.1}). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The MCP port; default the settings' {@code port} (8080); 0 binds a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * The port of {@code /health}, {@code /ready} and {@code /metrics}; default the settings' {@code managementPort}
         * (9090); 0 serves them on the MCP port.
         */
        public Builder managementPort(int value) {
            this.managementPort = value;
            return this;
        }

        /** Stateful or stateless; default the settings' {@code mode} (stateful). */
        public Builder mode(HttpMode value) {
            this.mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /** Every HTTP setting at once ({@code http.*}); default {@link HttpSettings#defaults()}. */
        public Builder settings(HttpSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** How callers authenticate ({@code auth.*}); default {@link AuthSettings#defaults()}. */
        public Builder auth(AuthSettings value) {
            this.authSettings = Objects.requireNonNull(value, "auth");
            return this;
        }

        /**
         * The API keys callers may present, in place of the auth settings' {@code apiKeysFile}; default the keys of
         * that file, read at {@link #start()}, if it names one. Keys given here are a configured credential: with
         * {@link AuthSettings.Mode#AUTO} they turn authentication on, on every bind address.
         */
        public Builder apiKeys(ApiKeys keys) {
            this.apiKeys = Objects.requireNonNull(keys, "apiKeys");
            return this;
        }

        /**
         * What verifies bearer tokens shaped as JWTs, in place of the auth settings' {@code auth.jwt-secret} and
         * {@code auth.jwks-url} (which must then be unset): an embedding application's own token check. The edge
         * answers for it as for its own: 401 with {@code WWW-Authenticate}, 503 when it cannot check now, the
         * failure limit and the audit. A verifier given here is a configured credential: with
         * {@link AuthSettings.Mode#AUTO} it turns authentication on, on every bind address.
         */
        public Builder tokenVerifier(BearerTokenVerifier verifier) {
            this.tokenVerifier = Objects.requireNonNull(verifier, "tokenVerifier");
            return this;
        }

        /** Scopes a tool checks inside its handler rather than up front, advertised as supported. */
        public Builder scopesSupported(String... scopes) {
            extraScopes.addAll(List.of(scopes));
            return this;
        }

        /**
         * What {@code /metrics} serves; default: the Prometheus text of the Bulwark's registry when it is a
         * {@code PrometheusMeterRegistry}, or of a Prometheus registry added to it when it is a
         * {@code CompositeMeterRegistry} (as the Bulwark's default registry is), else a comment saying how to export
         * them.
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
         * Authentication is on wherever {@link AuthSettings#requiredFor} says so for the bound host, and wherever
         * API keys are given with {@link AuthSettings.Mode#AUTO}. The API keys file named by the auth settings is
         * read here in every mode, so a file that cannot be used stops the start even with authentication off. With
         * {@link AuthSettings.Mode#OFF} and a credential configured, a warning says at every start that callers are
         * not asked for it.
         *
         * @throws IllegalArgumentException when the settings disagree with each other, naming each key and why
         *     (such as a JWT secret without {@code auth.issuer}), as the server jar's start refuses them, or the
         *     API keys file cannot be used ({@link ApiKeysFile.UnusableFileException})
         * @throws IllegalStateException when authentication is required for the host but no API key or JWT
         *     verification is configured
         */
        public BulwarkHttp start() {
            LoggingBackend.noticeIfMissing();
            WireLogGuard.install();
            HttpSettings server = serverSettings();
            List<ConfigProblem> problems = new ArrayList<>(server.problems());
            problems.addAll(authSettings.problems());
            if (tokenVerifier != null && authSettings.acceptsTokens()) {
                problems.add(
                        ConfigProblem.of(
                                "auth.jwt-secret",
                                "and auth.jwks-url must be unset when a token verifier is given: it verifies the bearer tokens"));
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("The HTTP settings disagree: "
                        + String.join(
                                "; ",
                                problems.stream().map(ConfigProblem::message).toList()));
            }
            ApiKeys apiKeys = this.apiKeys != null ? this.apiKeys : apiKeysOfFile();
            boolean jwt = authSettings.acceptsTokens() || tokenVerifier != null;
            boolean required = HttpAuthSettings.authenticates(
                    authSettings, server.host(), apiKeys, Optional.ofNullable(tokenVerifier));
            if (required && apiKeys.isEmpty() && !jwt) {
                throw new IllegalStateException("Authentication is required for host " + server.host()
                        + " but no caller could pass it: give API keys (apiKeys(...), auth.api-keys-file) or a JWT"
                        + " verification (auth.jwt-secret or auth.jwks-url), or bind to loopback");
            }
            if (!required && (jwt || !apiKeys.isEmpty())) {
                LOG.atWarn()
                        .addKeyValue("principal", settings.principal())
                        .log("Authentication is off (auth.mode off) although credentials are configured (API keys or"
                                + " JWT verification): they are not asked for, and every HTTP caller runs as"
                                + " http.principal; remove auth.mode off to require them");
            }
            HttpAuthSettings authentication = HttpConfiguration.authOf(
                    authSettings,
                    server.host(),
                    bulwark.tools(),
                    apiKeys,
                    Optional.ofNullable(tokenVerifier),
                    extraScopes);
            HttpMetrics httpMetrics = new HttpMetrics();
            httpMetrics.bindTo(bulwark.meterRegistry());
            long maxRequestBytes =
                    Math.min(Integer.MAX_VALUE, bulwark.config().limits().maxRequestBytes());
            McpHttpServer http = McpHttpServer.create(
                    server,
                    maxRequestBytes,
                    authentication,
                    bulwark.jsonMapper(),
                    bulwark.health(),
                    metrics != null ? metrics : defaultMetrics(),
                    httpMetrics,
                    ticker);
            return new BulwarkHttp(bulwark, http, server.drainDelay(), server.drainGrace());
        }

        /**
         * The keys of the auth settings' {@code apiKeysFile}, read whatever the mode (as the server jar does), so a
         * file that cannot be used is never passed over.
         */
        private ApiKeys apiKeysOfFile() {
            return authSettings
                    .apiKeysFile()
                    .map(Path::of)
                    .map(ApiKeysFile::read)
                    .orElse(ApiKeys.none());
        }

        /** The settings with the overrides. */
        private HttpSettings serverSettings() {
            HttpSettings.Builder server = settings.toBuilder();
            if (host != null) {
                server.host(host);
            }
            if (port != null) {
                server.port(port);
            }
            if (managementPort != null) {
                server.managementPort(managementPort);
            }
            if (mode != null) {
                server.mode(mode);
            }
            return server.build();
        }

        private MetricsExposition defaultMetrics() {
            MeterRegistry registry = bulwark.meterRegistry();
            if (prometheusPresent()) {
                Optional<MetricsExposition> prometheus = PrometheusExposition.of(registry);
                if (prometheus.isPresent()) {
                    return prometheus.get();
                }
            }
            String note = prometheusPresent()
                    ? "# Metrics are kept in a " + registry.getClass().getSimpleName()
                            + ", which has no Prometheus text: build the Bulwark with a PrometheusMeterRegistry to"
                            + " export them here\n"
                    : "# Prometheus' registry is not on the class path: add io.micrometer:micrometer-registry-prometheus"
                            + " to export the metrics here\n";
            LOG.warn(
                    prometheusPresent()
                            ? "/metrics serves no metrics: the Bulwark's meter registry is not a PrometheusMeterRegistry"
                            : "/metrics serves no metrics: Prometheus' registry is not on the class path");
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

        /** Whether Prometheus' registry is on the class path: the server jar has it; an application may leave it out. */
        private static boolean prometheusPresent() {
            try {
                Class.forName(PROMETHEUS_REGISTRY, false, BulwarkHttp.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError absent) {
                return false;
            }
        }

        private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";
    }
}
