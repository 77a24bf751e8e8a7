package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.HttpSettings;
import dev.bulwark.http.HttpMode;
import dev.bulwark.http.HttpServerSettings;
import dev.bulwark.http.McpHttpServer;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.Set;
import javax.inject.Singleton;

/**
 * The Streamable HTTP transport: the configuration mapped onto the adapter's settings, the server's health and
 * Prometheus metrics behind the ports the adapter reads, and the adapter's meters in the registry (only when HTTP
 * is enabled, so a stdio server publishes no HTTP meters).
 */
@Module
public interface HttpModule {

    @Provides
    @Singleton
    static HttpMetrics httpMetrics() {
        return new HttpMetrics();
    }

    @Provides
    @ElementsIntoSet
    static Set<MeterBinder> httpMeters(BulwarkConfig config, HttpMetrics metrics) {
        return config.http().enabled() ? Set.of(metrics) : Set.of();
    }

    @Provides
    @Singleton
    static MetricsExposition metricsExposition(PrometheusMeterRegistry registry) {
        return new PrometheusExposition(registry);
    }

    @Provides
    @Singleton
    static McpHttpServer httpServer(BulwarkConfig config, McpJsonMapper jsonMapper, Bulwark bulwark,
            MetricsExposition metrics, HttpMetrics httpMetrics, Ticker ticker) {
        return McpHttpServer.create(settingsOf(config), jsonMapper, bulwark.health(), metrics, httpMetrics, ticker);
    }

    /** The adapter's view of the configuration: management port 0 means the MCP port. */
    public static HttpServerSettings settingsOf(BulwarkConfig config) {
        HttpSettings http = config.http();
        return new HttpServerSettings(
                http.host(),
                http.port(),
                http.managementPort() == 0 ? HttpServerSettings.SAME_PORT : http.managementPort(),
                http.mode() == HttpSettings.Mode.STATELESS ? HttpMode.STATELESS : HttpMode.STATEFUL,
                http.allowedOrigins(),
                http.allowedHosts(),
                http.sessionIdleTimeout(),
                http.maxSessions(),
                http.idleTimeout(),
                http.maxConnections(),
                Math.min(Integer.MAX_VALUE, config.limits().maxRequestBytes()),
                new Principal(http.principal(), http.scopes()));
    }
}
