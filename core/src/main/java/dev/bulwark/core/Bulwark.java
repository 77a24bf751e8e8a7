package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.health.HealthService;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.presentation.era2026.DeferredEra2026;
import dev.bulwark.core.internal.presentation.pipeline.Slf4jAuditLog;
import dev.bulwark.core.internal.presentation.pipeline.ToolExecutors;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.internal.presentation.server.McpServerAssembler;
import dev.bulwark.core.internal.presentation.server.MessageCheckingJsonMapper;
import dev.bulwark.core.internal.presentation.server.ResourceChangeListening;
import dev.bulwark.core.internal.presentation.tool.JsonRendering;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.health.HealthIndicator;
import dev.bulwark.ports.ratelimit.RateLimitStore;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * The front door of the library: wires the core around your tools and hands you MCP SDK servers for any transport.
 * Thread-safe once built; the {@code serve} methods refuse after {@link #close()}.
 *
 * <pre>{@code
 * Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(myTool).build();
 * McpSyncServer server = bulwark.serve(new StdioServerTransportProvider(bulwark.jsonMapper()),
 *         bulwark.localOperator());
 * }</pre>
 */
public final class Bulwark implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Bulwark.class);

    private final BulwarkConfig config;
    private final HealthService health;
    private final MeterRegistry meterRegistry;
    private final ServerFeatures features;
    private final List<Extension> extensions;
    private final ToolPipeline pipeline;
    /** Set by {@link #close()}; nothing is served after it. */
    private volatile boolean closed;

    private final McpServerAssembler assembler;
    private final ExecutorService executor;
    private final CacheGateway cacheGateway;
    private final McpJsonMapper jsonMapper;
    private final DeferredEra2026 era2026;
    private final AcceptedCalls acceptedCalls;
    private final dev.bulwark.core.internal.presentation.server.SessionTasks sessionTasks;
    private final dev.bulwark.core.internal.business.tasks.TaskEngine tasks;
    private final OpenTelemetry openTelemetry;
    /** The served sessions' listening to the extensions' resource changes, stopped at {@link #close()}. */
    private final List<AutoCloseable> resourceChanges = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Bulwark(Builder builder) {
        this.config = builder.config;
        this.meterRegistry = builder.meterRegistry;
        this.executor = builder.executor != null ? builder.executor : ToolExecutors.create();
        this.openTelemetry = builder.openTelemetry;
        CoreWiring parts = new CoreWiring(builder, executor);
        this.health = parts.health;
        this.cacheGateway = parts.cacheGateway;
        this.features = parts.features;
        this.extensions = parts.extensions;
        this.jsonMapper = parts.jsonMapper;
        this.pipeline = parts.pipeline;
        this.assembler = parts.assembler;
        this.era2026 = parts.era2026;
        this.acceptedCalls = parts.acceptedCalls;
        this.sessionTasks = parts.sessionTasks;
        this.tasks = parts.tasks;
    }

    public static Builder builder(BulwarkConfig config) {
        return new Builder(config);
    }

    /**
     * A new mapper as the builder uses by default: Jackson's {@code Jdk8Module} ({@code Optional} components) and
     * {@code JavaTimeModule} ({@code java.time} components), with dates and times written as ISO-8601 strings
     * ({@code "2024-01-02"}, {@code "2024-01-02T03:04:05Z"}), the formats the generated schemas publish. Start from
     * it to give {@link Builder#objectMapper} a mapper of your own.
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonRendering.newMapper();
    }

    /**
     * An MCP server over a single-session transport (stdio), where every request the transport does not name a
     * caller for runs as {@code caller}: over stdio, the local operator who started the process
     * ({@link #localOperator()}). Choose the caller with care: a transport that serves network clients without
     * naming them would give each of them {@code caller}'s scopes; serve Streamable HTTP with
     * {@link #serve(McpStreamableServerTransportProvider)} instead, which refuses requests without a caller.
     */
    public McpSyncServer serve(McpServerTransportProvider transport, Principal caller) {
        requireOpen();
        Objects.requireNonNull(caller, "caller");
        serveEra2026Over(transport, caller);
        return announcingResourceChanges(assembler.serve(transport, caller));
    }

    /** The local operator of {@code stdio.principal} and {@code stdio.scopes}: the caller over stdio. */
    public Principal localOperator() {
        return config.stdio().toPrincipal();
    }

    /**
     * An MCP server over Streamable HTTP with sessions. The transport must name the caller of every request
     * ({@code RequestOrigin.caller()}); a request without one is refused, never run as the stdio operator.
     */
    public McpSyncServer serve(McpStreamableServerTransportProvider transport) {
        requireOpen();
        serveEra2026Over(transport, null);
        return announcingResourceChanges(assembler.serve(transport));
    }

    /**
     * An MCP server over stateless Streamable HTTP; like {@link #serve(McpStreamableServerTransportProvider)}, it
     * refuses requests whose transport names no caller. It is the SDK's asynchronous stateless server, so that a tool
     * call is answered by whichever thread completes it; its {@code closeGracefully()} returns a {@code Mono} that
     * does nothing until subscribed: {@code server.closeGracefully().block()}.
     */
    public McpStatelessAsyncServer serveStateless(McpStatelessServerTransport transport) {
        requireOpen();
        serveEra2026Over(transport, null);
        return assembler.serveStateless(transport);
    }

    /**
     * {@code server}, whose sessions hear {@code notifications/resources/list_changed} after each change of an
     * extension's resources, and {@code notifications/tools/list_changed} after each change of the tool catalogue,
     * until this Bulwark closes.
     */
    private McpSyncServer announcingResourceChanges(McpSyncServer server) {
        resourceChanges.add(ResourceChangeListening.listen(extensions, server::notifyResourcesListChanged));
        resourceChanges.add(features.catalogue().listen(() -> announceToolChanges(server)));
        return server;
    }

    /** Tells {@code server}'s sessions that the tool list changed; a server with no session yet has none to tell. */
    private static void announceToolChanges(McpSyncServer server) {
        try {
            server.notifyToolsListChanged();
        } catch (RuntimeException e) {
            LOG.debug("A change of the tool list could not be announced to a server's sessions: {}", e.toString());
        }
    }

    /** Gives a transport that also serves the 2026 era ({@link ServesEra2026}) the era's entry point. */
    private void serveEra2026Over(Object transport, Principal defaultCaller) {
        if (transport instanceof ServesEra2026 both) {
            both.serveEra2026With(era2026, defaultCaller);
        }
    }

    /**
     * The MCP JSON mapper to give transports: the server's own, which checks each request's params as the request is
     * read ({@link MessageCheckingJsonMapper}).
     */
    public McpJsonMapper jsonMapper() {
        return jsonMapper;
    }

    /**
     * Where transports hand requests of the 2026 protocol era: one entry point for stdio and
     * both HTTP modes, served through the same handlers and pipeline as every other request. Requests it does not
     * {@linkplain Era2026Requests#claims claim} go to the SDK server as before. A transport that
     * {@linkplain ServesEra2026 serves the 2026 era} gets it from {@code serve(...)}: one call wires both eras.
     */
    public Era2026Requests era2026() {
        return era2026;
    }

    /**
     * Rebuilds the calls an extension accepted to run later from what it stored of them: to run one taken from a
     * durable queue, in another process or after a restart. Bulwark's own tasks run this way.
     */
    public AcceptedCalls acceptedCalls() {
        return acceptedCalls;
    }

    /**
     * The OpenTelemetry the server's spans go to ({@link Builder#openTelemetry}), for transports that open spans of
     * their own (the HTTP transport's, for the requests the MCP SDK answers itself).
     */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The server's health, for health endpoints and draining. */
    public BulwarkHealth health() {
        return health;
    }

    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public BulwarkConfig config() {
        return config;
    }

    /** The tools this server offers now, in the order they were added. */
    public List<Tool<?, ?>> tools() {
        return features.tools();
    }

    /**
     * Where tools are added and removed while the server runs: each change is announced to the connected clients of
     * both eras ({@code notifications/tools/list_changed}), and a tool added passes the same pipeline as the others.
     */
    public ToolCatalogue catalogue() {
        return features.catalogue();
    }

    /**
     * The extensions this server offers, in registration order: Bulwark's own Tasks extension when a tool takes tasks,
     * then the builder's, then its packs'.
     */
    public List<Extension> extensions() {
        return extensions;
    }

    /**
     * Ends the open 2026-era subscriptions ({@code subscriptions/listen}), each with its final result: a
     * transport that drains calls it when draining starts, since a subscription is open until its client leaves and
     * would hold the drain for its whole grace. Its stream then ends; the client may open another elsewhere. A
     * subscription opened after this call is ended as soon as it opens.
     */
    public void endSubscriptions() {
        era2026.endSubscriptions();
    }

    /**
     * Runs one call of {@code tool} through the pipeline without a transport (tests, batch jobs), as {@code context}'s
     * caller, and returns its result: a failure of the tool is a result with {@code isError} set, as over a transport.
     */
    public CallToolResult call(Tool<?, ?> tool, Map<String, ?> arguments, CallContext context) {
        return pipeline.execute(new ToolInvocation(tool, Collections.unmodifiableMap(arguments), context));
    }

    /**
     * Stops the task engine (a task waiting here for a slot goes back to the shared queue), ends the open 2026-era
     * subscriptions, stops hearing the extensions' resource changes, stops the handler executor, waiting briefly for
     * running handlers, and the cache's retries of evictions.
     */
    @Override
    public void close() {
        closed = true;
        tasks.close(); // first: no task is taken from the shared queue once the layers that run it close
        era2026.close();
        sessionTasks.close();
        for (AutoCloseable listening : resourceChanges) {
            try {
                listening.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop hearing the extensions' resource changes", e);
            }
        }
        cacheGateway.close();
        ToolExecutors.stop(executor, 5);
        // mcp.inflight.requests stays: it counts the calls of every server on the registry (this one's leave it as
        // they end)
    }

    /** Refuses to serve once closed: its handler executor is stopped, so every isolated call would fail. */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This Bulwark is closed: build a new one to serve again");
        }
    }

    /** Configures a {@link Bulwark}. Not thread-safe. */
    public static final class Builder {
        BulwarkConfig config;
        CacheStore cacheStore;
        RateLimitStore rateLimitStore;
        TaskStore taskStore;
        TaskChangeFeed taskChangeFeed;
        TaskQueue taskQueue;
        final List<HealthIndicator> healthIndicators = new ArrayList<>();
        MeterRegistry meterRegistry = new CompositeMeterRegistry(
                io.micrometer.core.instrument.Clock.SYSTEM, List.of(new SimpleMeterRegistry()));
        ObjectMapper objectMapper = defaultObjectMapper();
        Clock clock = Clock.systemUTC();
        Ticker ticker = Ticker.system();
        ExecutorService executor;
        Duration healthCheckTimeout = Duration.ofSeconds(2);
        OpenTelemetry openTelemetry = OpenTelemetry.noop();
        AuditLog auditLog = Slf4jAuditLog.INSTANCE;
        final List<ToolPack> packs = new ArrayList<>();
        final List<Tool<?, ?>> tools = new ArrayList<>();
        final List<Resource> resources = new ArrayList<>();
        final List<ResourceTemplate> resourceTemplates = new ArrayList<>();
        final List<Prompt> prompts = new ArrayList<>();
        final List<Completion> completions = new ArrayList<>();
        final List<Extension> extensions = new ArrayList<>();

        private Builder(BulwarkConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The response cache store; default: in memory, bounded by {@code cache.max-entries}. */
        public Builder cacheStore(CacheStore store) {
            this.cacheStore = Objects.requireNonNull(store, "cacheStore");
            return this;
        }

        /** A shared rate-limit store; when it fails, a local in-memory limiter decides. Default: local only. */
        public Builder rateLimitStore(RateLimitStore store) {
            this.rateLimitStore = Objects.requireNonNull(store, "rateLimitStore");
            return this;
        }

        /**
         * Where the tasks of long-running tool calls are kept; default: in this process's memory. A store shared by
         * every instance (Redis) lets any instance serve any task.
         */
        public Builder taskStore(TaskStore store) {
            this.taskStore = Objects.requireNonNull(store, "taskStore");
            return this;
        }

        /**
         * Carries the changes of tasks between the instances that share the {@link #taskStore}, so that a client
         * listening for its tasks' status on one instance hears of a change made on another; default: none (each
         * instance tells its own listeners only).
         */
        public Builder taskChangeFeed(TaskChangeFeed feed) {
            this.taskChangeFeed = Objects.requireNonNull(feed, "taskChangeFeed");
            return this;
        }

        /**
         * The queue of tasks shared by every instance and worker (Redis); default: none, each task runs on the
         * instance that accepted it. With it, any instance or worker sharing the queue and the {@link #taskStore}
         * runs a task, and a task whose runner stopped is taken over. The server built takes tasks from it from the
         * start: a worker is a server that serves no transport.
         */
        public Builder taskQueue(TaskQueue queue) {
            this.taskQueue = Objects.requireNonNull(queue, "taskQueue");
            return this;
        }

        /**
         * The bounds of the tasks of long-running tool calls, in place of the configuration's {@link
         * BulwarkConfig#tasks()}; default: the configuration's.
         */
        public Builder taskSettings(TaskSettings settings) {
            this.config = config.toBuilder()
                    .tasks(Objects.requireNonNull(settings, "taskSettings"))
                    .build();
            return this;
        }

        public Builder healthIndicator(HealthIndicator indicator) {
            this.healthIndicators.add(Objects.requireNonNull(indicator, "healthIndicator"));
            return this;
        }

        public Builder healthIndicators(Collection<? extends HealthIndicator> indicators) {
            indicators.forEach(this::healthIndicator);
            return this;
        }

        /**
         * Where metrics go; default: a private {@link CompositeMeterRegistry} that keeps them in a
         * {@link SimpleMeterRegistry}, and to which a transport may add the registry it exports from (as
         * {@code BulwarkHttp} adds a Prometheus one for {@code /metrics}). Never the global registry. Servers built
         * on one registry share its meters: the counters and {@code mcp.inflight.requests} add up the calls of all.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /**
         * The JSON mapper for arguments and results; the default is {@link #defaultObjectMapper()}. A mapper of your
         * own must read and write every type your tools' records hold (register {@code JavaTimeModule} for
         * {@code java.time} fields).
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "objectMapper");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Where tool handlers run; default: {@link ToolExecutors#create()}. Closed by {@link Bulwark#close()}. */
        public Builder toolExecutor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "toolExecutor");
            return this;
        }

        /**
         * How long one health indicator may take before it counts as timed out (2 s unless set).
         *
         * @throws IllegalArgumentException unless it is positive and at most a minute: a health check answers load
         *     balancers and probes, which wait seconds
         */
        public Builder healthCheckTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "healthCheckTimeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(
                        "healthCheckTimeout must be positive and at most 1 minute, was " + timeout);
            }
            this.healthCheckTimeout = timeout;
            return this;
        }

        /**
         * Where traces go: a span per MCP request, per tool call, and per rate-limit decision, validation and cache
         * lookup, continuing the client's W3C trace context. Default: {@link OpenTelemetry#noop()}, which records
         * nothing and costs next to nothing. Give the adapters the same instance for their spans.
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /**
         * Where each tool call's audit record goes; default: one INFO line with key-values on the SLF4J logger
         * {@code dev.bulwark.audit}. The pipeline hands each record over on the thread that ended the call.
         */
        public Builder auditLog(AuditLog auditLog) {
            this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
            return this;
        }

        /**
         * Registers a pack of tools, resources and prompts ({@link ToolPack}); packs register in the order added,
         * before the tools, resources and prompts added one by one.
         */
        public Builder pack(ToolPack pack) {
            this.packs.add(Objects.requireNonNull(pack, "pack"));
            return this;
        }

        /** Registers several packs, in order. */
        public Builder packs(Collection<? extends ToolPack> more) {
            more.forEach(this::pack);
            return this;
        }

        public Builder tool(Tool<?, ?> tool) {
            this.tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        public Builder tools(Collection<? extends Tool<?, ?>> more) {
            more.forEach(this::tool);
            return this;
        }

        public Builder resource(Resource resource) {
            this.resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        public Builder resourceTemplate(ResourceTemplate template) {
            this.resourceTemplates.add(Objects.requireNonNull(template, "resourceTemplate"));
            return this;
        }

        public Builder prompt(Prompt prompt) {
            this.prompts.add(Objects.requireNonNull(prompt, "prompt"));
            return this;
        }

        /** Argument completion for a registered prompt or resource template. */
        public Builder completion(Completion completion) {
            this.completions.add(Objects.requireNonNull(completion, "completion"));
            return this;
        }

        /**
         * Serves an extension of the protocol: declared in the capabilities of the eras it is served in, its methods
         * and resource reads run through the same pipeline as a tool call.
         */
        public Builder extension(Extension extension) {
            this.extensions.add(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /**
         * Wires everything.
         *
         * @throws IllegalArgumentException on duplicate tool, resource, template or prompt names, or a completion for
         *     an unregistered prompt or template
         */
        public Bulwark build() {
            return new Bulwark(this);
        }
    }
}
