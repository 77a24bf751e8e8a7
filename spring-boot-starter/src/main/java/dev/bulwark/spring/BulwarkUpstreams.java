package dev.bulwark.spring;

import dev.bulwark.core.ToolPack;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The upstream MCP servers of {@code bulwark.upstreams.<name>.*}: connected when the application starts, before its
 * doors serve, and closed (children ended) after the doors have drained. Thread-safe.
 */
final class BulwarkUpstreams implements SmartLifecycle, AutoCloseable {

    /** Starts before the doors and stops after they drain, so a call in flight still reaches its upstream. */
    static final int PHASE = BulwarkHttpLifecycle.PHASE - 1;

    private final List<UpstreamSettings> settings;
    private final McpClientUpstreams upstreams;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running;

    private BulwarkUpstreams(List<UpstreamSettings> settings, McpClientUpstreams upstreams) {
        this.settings = List.copyOf(settings);
        this.upstreams = upstreams;
    }

    /**
     * The upstreams {@code environment} names, their meters bound to {@code registry} when there is one.
     *
     * @throws BulwarkPropertiesException when a setting cannot be used (already refused by
     *     {@link BulwarkSettingsBinding} at the start)
     */
    static BulwarkUpstreams of(BulwarkSettingsBinding binding, Environment environment, MeterRegistry registry) {
        List<String> problems = new ArrayList<>();
        List<UpstreamSettings> settings = UpstreamProperties.read(environment, binding.upstreams(), problems);
        if (!problems.isEmpty()) {
            throw new BulwarkPropertiesException(problems);
        }
        McpClientUpstreams upstreams =
                McpClientUpstreams.builder().upstreams(settings).build();
        if (registry != null) {
            upstreams.metrics().bindTo(registry);
        }
        return new BulwarkUpstreams(settings, upstreams);
    }

    /** The pack of the upstreams' tools, prompts and resources, each shown as its settings say. */
    ToolPack pack() {
        List<GatewayTools.Exposure> exposures = settings.stream()
                .map(upstream -> new GatewayTools.Exposure(
                        upstream.name(),
                        upstream.prefix(),
                        upstream.rename(),
                        upstream.scope(),
                        upstream.allow(),
                        upstream.deny(),
                        upstream.timeout()))
                .toList();
        return new GatewayPack(upstreams, exposures);
    }

    /** One optional indicator per upstream, named {@code upstream:<name>}. */
    List<HealthIndicator> healthIndicators() {
        return upstreams.healthIndicators();
    }

    /** Connects every upstream, waiting at most 30 s in all for each one's first attempt; see the gateway docs. */
    @Override
    public void start() {
        if (!closed.get()) {
            upstreams.start();
            running = true;
        }
    }

    @Override
    public void stop() {
        running = false;
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes every upstream once: its session closed, its child process ended. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            upstreams.close();
        }
    }
}
