package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.http.HttpSettings;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.BearerTokenVerifier;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.serve.PrometheusExposition;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Serves the {@link Bulwark} over Streamable HTTP on its own port through {@link BulwarkHttp}, from the application
 * context's start to its stop, which drains as the server jar does ({@link #stop()}). Thread-safe.
 */
public final class BulwarkHttpLifecycle implements SmartLifecycle {

    /** The property holding the bound MCP port once started, as {@code local.server.port} holds the web server's. */
    public static final String LOCAL_PORT_PROPERTY = "local.bulwark.http.port";

    /**
     * Starts after the web server and stops before it: the phase of Spring Boot's graceful web shutdown, so both drain
     * side by side.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkHttpLifecycle.class);

    /** Prometheus' registry, which the application may leave out; the standalone port's /metrics then says so. */
    private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

    private final Bulwark bulwark;
    private final HttpSettings settings;
    private final AuthSettings auth;
    private final ApiKeys apiKeys;
    private final BearerTokenVerifier bearerTokens;
    private final MeterRegistry applicationRegistry;
    private final Environment environment;
    private volatile BulwarkHttp http;

    /**
     * @param apiKeys the keys callers may present, in place of {@code bulwark.auth.api-keys-file}; null for that file's
     * @param bearerTokens what verifies bearer JWTs in place of {@code bulwark.auth.jwt-secret} and
     *     {@code bulwark.auth.jwks-url} (the application's Spring Security); null for those settings
     * @param applicationRegistry the application's meter registry, null when it has none
     */
    BulwarkHttpLifecycle(
            Bulwark bulwark,
            HttpSettings settings,
            AuthSettings auth,
            ApiKeys apiKeys,
            BearerTokenVerifier bearerTokens,
            MeterRegistry applicationRegistry,
            Environment environment) {
        this.bulwark = bulwark;
        this.settings = settings;
        this.auth = auth;
        this.apiKeys = apiKeys;
        this.bearerTokens = bearerTokens;
        this.applicationRegistry = applicationRegistry;
        this.environment = environment;
    }

    @Override
    public synchronized void start() {
        if (http != null) {
            return;
        }
        BulwarkHttp.Builder builder =
                BulwarkHttp.builder(bulwark).settings(settings).auth(auth);
        if (apiKeys != null) {
            builder.apiKeys(apiKeys);
        }
        if (bearerTokens != null) {
            builder.tokenVerifier(bearerTokens);
        }
        applicationMetrics().ifPresent(builder::metrics);
        http = builder.start();
        if (environment instanceof ConfigurableEnvironment configurable) {
            configurable
                    .getPropertySources()
                    .addFirst(new MapPropertySource("bulwark.http", Map.of(LOCAL_PORT_PROPERTY, http.port())));
        }
        LOG.atInfo()
                .addKeyValue("host", settings.host())
                .addKeyValue("port", http.port())
                .addKeyValue("management_port", http.managementPort())
                .addKeyValue("mode", http.mode())
                .addKeyValue("tools", bulwark.tools().size())
                .log("Bulwark serving MCP over Streamable HTTP at /mcp");
    }

    /**
     * What Bulwark's {@code /metrics} serves when its meters are in the application's registry: that registry's
     * Prometheus text where it has one (the application's Prometheus export serves the same), else a comment naming
     * Actuator. Empty when Bulwark keeps its meters in its own registry, whose default {@code BulwarkHttp} serves.
     */
    private Optional<MetricsExposition> applicationMetrics() {
        MeterRegistry registry = bulwark.meterRegistry();
        if (applicationRegistry == null || registry != applicationRegistry) {
            return Optional.empty();
        }
        if (ClassUtils.isPresent(PROMETHEUS_REGISTRY, BulwarkHttpLifecycle.class.getClassLoader())) {
            Optional<MetricsExposition> inside = PrometheusExposition.within(registry);
            if (inside.isPresent()) {
                return inside;
            }
        }
        return Optional.of(new MetricsExposition() {
            @Override
            public String contentType() {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public String scrape() {
                return "# Bulwark's metrics are in the application's MeterRegistry: export them through Actuator\n";
            }
        });
    }

    /**
     * Drains, then closes: {@code /ready} answers 503 while requests are still served for
     * {@code bulwark.http.drain-delay}, then new requests are refused with 503, the calls in flight complete for at
     * most {@code bulwark.http.drain-grace}, and the ports close. Blocks for at most those and the close.
     */
    @Override
    public void stop() {
        BulwarkHttp serving;
        synchronized (this) {
            serving = http;
            http = null;
        }
        if (serving == null) {
            return;
        }
        LOG.atInfo()
                .addKeyValue("in_flight", serving.inFlight())
                .addKeyValue("delay_seconds", serving.drainDelay().toSeconds())
                .addKeyValue("grace_seconds", serving.drainGrace().toSeconds())
                .log("Application stopping: Bulwark's /ready answers 503 for the drain delay, then it drains, new"
                        + " requests get 503, calls in flight complete");
        try {
            if (!serving.drain()) {
                LOG.atWarn()
                        .addKeyValue("in_flight", serving.inFlight())
                        .log("Drain grace over with calls still in flight: each was answered as cut off; closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            serving.close();
        }
    }

    /** Drains on a thread of its own, so the web server's graceful shutdown in the same phase runs alongside. */
    @Override
    public void stop(Runnable callback) {
        Thread drain = new Thread(
                () -> {
                    try {
                        stop();
                    } finally {
                        callback.run();
                    }
                },
                "bulwark-http-drain");
        drain.start();
    }

    @Override
    public boolean isRunning() {
        return http != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The bound MCP port while running. */
    public int port() {
        BulwarkHttp serving = http;
        if (serving == null) {
            throw new IllegalStateException("Bulwark's HTTP transport is not running");
        }
        return serving.port();
    }

    /** The bound port of {@code /health}, {@code /ready} and {@code /metrics} while running. */
    public int managementPort() {
        BulwarkHttp serving = http;
        if (serving == null) {
            throw new IllegalStateException("Bulwark's HTTP transport is not running");
        }
        return serving.managementPort();
    }

    /** Calls in flight now; 0 when stopped. */
    public int inFlight() {
        BulwarkHttp serving = http;
        return serving == null ? 0 : serving.inFlight();
    }
}
