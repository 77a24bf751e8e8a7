package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.upstream.McpUpstreams;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream MCP servers of the configuration's {@code upstreams} section, each kept connected on its own thread:
 * {@link #start()} connects them, {@link #close()} stops them and their children. Thread-safe; a slow or failing
 * upstream never holds a call to another.
 */
public final class McpClientUpstreams implements McpUpstreams, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpClientUpstreams.class);

    private final Map<String, UpstreamConnection> connections = new LinkedHashMap<>();
    private final Map<String, UpstreamSettings> settings = new LinkedHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> promptListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> resourceListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> updateListeners = new CopyOnWriteArrayList<>();
    private final UpstreamMetrics metrics = new UpstreamMetrics();
    private final Duration startTimeout;
    private final Ticker ticker;

    private McpClientUpstreams(Builder builder) {
        this.startTimeout = builder.startTimeout;
        this.ticker = builder.ticker;
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(
                new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
        UpstreamTraceContext traceContext = new UpstreamTraceContext(builder.openTelemetry);
        for (UpstreamSettings upstream : builder.upstreams) {
            settings.put(upstream.name(), upstream);
            connections.put(
                    upstream.name(),
                    new UpstreamConnection(
                            upstream,
                            builder.environment,
                            mapper,
                            builder.pingInterval,
                            builder.ticker,
                            metrics,
                            this::toolsChanged,
                            this::promptsChanged,
                            upstreamName -> tell(resourceListeners, upstreamName, "resources"),
                            traceContext));
            connections.get(upstream.name()).onResourceUpdated(uri -> resourceUpdated(upstream.name(), uri));
        }
    }

    private void resourceUpdated(String upstream, String uri) {
        for (BiConsumer<String, String> listener : updateListeners) {
            try {
                listener.accept(upstream, uri);
            } catch (RuntimeException e) {
                LOG.warn("A listener of upstream {}'s resource updates failed: {}", upstream, Safe.describe(e));
            }
        }
    }

    /** A builder with no upstreams. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts connecting every upstream, and waits, up to the start timeout in all, for each one's first attempt to
     * end. One that is not connected then is logged and retried in the background; its tools are missing until then.
     */
    public void start() {
        connections.values().forEach(UpstreamConnection::start);
        long deadline = ticker.nanoTime() + startTimeout.toNanos();
        for (UpstreamConnection connection : connections.values()) {
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - ticker.nanoTime()));
                if (!connection.awaitConnected(left)) {
                    LOG.warn(
                            "Upstream {} is not connected; the server starts without its tools and keeps trying"
                                    + " to connect it",
                            connection.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public List<String> names() {
        return List.copyOf(connections.keySet());
    }

    /** What {@code list} reads from the connection of {@code upstream}; nothing for an upstream not configured. */
    private <T> List<T> listed(String upstream, Function<UpstreamConnection, List<T>> list) {
        UpstreamConnection connection = connections.get(upstream);
        return connection == null ? List.of() : list.apply(connection);
    }

    @Override
    public List<UpstreamTool> tools(String upstream) {
        return listed(upstream, UpstreamConnection::tools);
    }

    @Override
    public TaskSupport taskSupport(String upstream) {
        UpstreamSettings settings = this.settings.get(upstream);
        return settings == null ? TaskSupport.FORBIDDEN : settings.taskSupport();
    }

    @Override
    public UpstreamResult call(String upstream, String tool, Map<String, Object> arguments) {
        return configured(upstream).call(tool, arguments);
    }

    @Override
    public UpstreamResult call(
            String upstream,
            String tool,
            Map<String, Object> arguments,
            dev.bulwark.ports.upstream.UpstreamCaller caller) {
        return configured(upstream).call(tool, arguments, Objects.requireNonNull(caller, "caller"));
    }

    @Override
    public void onToolsChanged(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public List<UpstreamPrompt> prompts(String upstream) {
        return listed(upstream, UpstreamConnection::prompts);
    }

    @Override
    public UpstreamPromptResult prompt(String upstream, String prompt, Map<String, String> arguments) {
        return configured(upstream).prompt(prompt, arguments);
    }

    @Override
    public List<String> complete(String upstream, dev.bulwark.ports.upstream.UpstreamCompletion completion) {
        return configured(upstream).complete(completion);
    }

    @Override
    public void onPromptsChanged(Consumer<String> listener) {
        promptListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public List<UpstreamResource> resources(String upstream) {
        return listed(upstream, UpstreamConnection::resources);
    }

    @Override
    public UpstreamResourceContents readResource(String upstream, String uri) {
        return configured(upstream).read(uri);
    }

    @Override
    public void onResourcesChanged(Consumer<String> listener) {
        resourceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void followResource(String upstream, String uri) {
        configured(upstream).follow(uri);
    }

    @Override
    public void unfollowResource(String upstream, String uri) {
        configured(upstream).unfollow(uri);
    }

    @Override
    public void onResourceUpdated(BiConsumer<String, String> listener) {
        updateListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private UpstreamConnection configured(String upstream) {
        UpstreamConnection connection = connections.get(upstream);
        if (connection == null) {
            throw new UpstreamCallException(
                    upstream, UpstreamFailure.NOT_FOUND, "No upstream named " + upstream + " is configured");
        }
        return connection;
    }

    private void toolsChanged(String upstream) {
        tell(listeners, upstream, "tools");
    }

    private void promptsChanged(String upstream) {
        tell(promptListeners, upstream, "prompts");
    }

    private static void tell(List<Consumer<String>> listeners, String upstream, String list) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(upstream);
            } catch (RuntimeException e) {
                LOG.warn("A listener of upstream {}'s {} failed: {}", upstream, list, Safe.describe(e));
            }
        }
    }

    /** One health indicator per upstream, named {@code upstream:<name>}, from its last ping; optional to the server. */
    public List<HealthIndicator> healthIndicators() {
        List<HealthIndicator> indicators = new ArrayList<>();
        for (UpstreamConnection connection : connections.values()) {
            indicators.add(new HealthIndicator() {
                @Override
                public String name() {
                    return "upstream:" + connection.name();
                }

                @Override
                public Criticality criticality() {
                    return Criticality.OPTIONAL;
                }

                @Override
                public ComponentHealth check() {
                    return connection.health();
                }
            });
        }
        return List.copyOf(indicators);
    }

    /** How many calls to {@code upstream} are running now; 0 for an unknown name. */
    int metricsInUse(String upstream) {
        UpstreamConnection connection = connections.get(upstream);
        return connection == null ? 0 : connection.inUse();
    }

    /** The upstreams' meters. */
    public MeterBinder metrics() {
        return metrics;
    }

    /** Stops every upstream: its session closed, its child process ended. */
    @Override
    public void close() {
        connections.values().forEach(UpstreamConnection::close);
    }

    /** Collects the upstreams and what they share. Not thread-safe. */
    public static final class Builder {

        private final List<UpstreamSettings> upstreams = new ArrayList<>();
        private Map<String, String> environment = System.getenv();
        private Duration pingInterval = Duration.ofSeconds(15);
        private Duration startTimeout = Duration.ofSeconds(30);
        private Ticker ticker = Ticker.system();
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();

        private Builder() {}

        public Builder upstreams(List<UpstreamSettings> upstreams) {
            this.upstreams.addAll(upstreams);
            return this;
        }

        /** Bulwark's own environment, which {@code pass-env} reads; the process's by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** How often a connected upstream is pinged; 15s by default. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** How long {@link #start()} waits for each upstream; 30s by default. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Whose propagators write the calling span's trace context into each request sent upstream. Default
         * {@link OpenTelemetry#noop()}: nothing is added.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        public McpClientUpstreams build() {
            return new McpClientUpstreams(this);
        }
    }
}
