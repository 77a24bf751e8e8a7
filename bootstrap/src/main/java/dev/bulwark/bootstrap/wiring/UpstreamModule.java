package dev.bulwark.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.bulwark.bootstrap.config.ServerConfig;
import dev.bulwark.core.ToolPack;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.inject.Singleton;

/** The gateway: the upstream MCP servers of the config file's {@code upstreams} section, and the pack of their tools. */
@Module
interface UpstreamModule {

    /**
     * The upstreams, connected before the server is built so that their tools are listed, each request sent with the
     * call's trace context; none without upstreams.
     */
    @Provides
    @Singleton
    static McpClientUpstreams upstreams(ServerConfig config, Ticker ticker, OpenTelemetry openTelemetry) {
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(config.upstreams())
                .ticker(ticker)
                .openTelemetry(openTelemetry)
                .build();
        upstreams.start();
        return upstreams;
    }

    /** One indicator per upstream, named {@code upstream:<name>}; none without upstreams. */
    @Provides
    @ElementsIntoSet
    static Set<HealthIndicator> upstreamHealth(McpClientUpstreams upstreams) {
        return new LinkedHashSet<>(upstreams.healthIndicators());
    }

    /** The upstreams' meters; none without upstreams. */
    @Provides
    @ElementsIntoSet
    static Set<MeterBinder> upstreamMeters(ServerConfig config, McpClientUpstreams upstreams) {
        return config.upstreams().isEmpty() ? Set.of() : Set.of(upstreams.metrics());
    }

    /** The pack of the upstreams' tools, as each upstream's section shows them. */
    static ToolPack gatewayPack(ServerConfig config, McpClientUpstreams upstreams) {
        List<GatewayTools.Exposure> exposures =
                config.upstreams().stream().map(UpstreamModule::exposure).toList();
        return new GatewayPack(upstreams, exposures);
    }

    private static GatewayTools.Exposure exposure(UpstreamSettings upstream) {
        return new GatewayTools.Exposure(
                upstream.name(),
                upstream.prefix(),
                upstream.rename(),
                upstream.scope(),
                upstream.allow(),
                upstream.deny(),
                upstream.timeout());
    }
}
