package dev.bulwark.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.business.health.HealthService;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.data.health.HealthProbe;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.data.tasks.TaskStoreGateway;
import dev.bulwark.core.internal.presentation.era2026.AcceptedTaskRuns;
import dev.bulwark.core.internal.presentation.era2026.DeferredEra2026;
import dev.bulwark.core.internal.presentation.era2026.Era2026Server;
import dev.bulwark.core.internal.presentation.era2026.SignedInputRounds;
import dev.bulwark.core.internal.presentation.era2026.StoredAcceptedCalls;
import dev.bulwark.core.internal.presentation.era2026.TaskMethods;
import dev.bulwark.core.internal.presentation.era2026.TaskWire;
import dev.bulwark.core.internal.presentation.pipeline.ResultCacheEviction;
import dev.bulwark.core.internal.presentation.pipeline.ResultSizeLimit;
import dev.bulwark.core.internal.presentation.pipeline.StandardPipeline;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.internal.presentation.server.McpServerAssembler;
import dev.bulwark.core.internal.presentation.server.MessageCheckingJsonMapper;
import dev.bulwark.core.internal.presentation.server.SessionTasks;
import dev.bulwark.core.internal.presentation.tasks.TaskCreationRateLimit;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.cache.CacheStore;
import dev.bulwark.ports.tasks.TaskStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds the core's parts from a {@link Bulwark.Builder}, once per server. Not thread-safe.
 */
final class CoreWiring {

    final HealthService health;
    final CacheGateway cacheGateway;
    final ServerFeatures features;
    /** The tools served, which may change while the server runs. */
    final ToolCatalogue catalogue;
    /** The extensions served: Bulwark's Tasks extension when a tool takes tasks, then the builder's, then the packs'. */
    final List<Extension> extensions;

    final McpJsonMapper jsonMapper;
    final ToolPipeline pipeline;
    final McpServerAssembler assembler;
    final DeferredEra2026 era2026;
    final AcceptedCalls acceptedCalls;
    final TaskEngine tasks;
    final SessionTasks sessionTasks;

    /** What the 2026-era layer is built from (see {@link #buildEra2026}). */
    private record Era2026Parts(
            McpServerAssembler assembler,
            ObjectMapper mapper,
            SignedInputRounds rounds,
            TaskEngine tasks,
            BulwarkConfig config,
            TaskCreationRateLimit admission,
            TaskRequestMetrics metrics) {}

    /**
     * The parts of the 2026-era layer, set once all are built: the layer is built from them on whichever thread first
     * needs it, a request's or the engine's taking a task from the shared queue.
     */
    private volatile Era2026Parts era2026Parts;

    /** @param executor where isolated handlers and health probes run */
    CoreWiring(Bulwark.Builder builder, ExecutorService executor) {
        BulwarkConfig config = builder.config;
        MeterRegistry meterRegistry = builder.meterRegistry;
        ObjectMapper mapper = builder.objectMapper;

        CacheStore cacheStore = builder.cacheStore != null
                ? builder.cacheStore
                : new InMemoryCacheStore(config.cache().maxEntries(), builder.ticker);
        InMemoryRateLimitStore localLimiter = new InMemoryRateLimitStore(builder.ticker);
        RateLimitGateway rateLimits = RateLimitGateway.of(
                builder.rateLimitStore,
                localLimiter,
                builder.ticker,
                config.rateLimit().localFallbackShare(),
                cacheStore);

        List<HealthProbe> probes = builder.healthIndicators.stream()
                .map(indicator -> new HealthProbe(indicator, builder.healthCheckTimeout, builder.ticker, executor))
                .toList();
        this.health = new HealthService(probes, config.server(), builder.clock, builder.ticker);

        Tracer tracer = builder.openTelemetry.getTracer("dev.bulwark.core");
        this.cacheGateway = new CacheGateway(
                cacheStore, meterRegistry, builder.ticker, CacheGateway.MAX_PENDING_INVALIDATIONS, null, tracer);
        ResultCache resultCache = new ResultCache(cacheGateway);
        CacheKeys cacheKeys = new CacheKeys(new CanonicalJson(mapper));
        this.catalogue = new ToolCatalogue();
        ServerFeatures.Builder featureList = ServerFeatures.builder().catalogue(catalogue);
        ToolPackContext packContext = new ToolPackContext(
                featureList,
                catalogue,
                config,
                mapper,
                meterRegistry,
                builder.clock,
                health,
                new ResultCacheEviction(resultCache, cacheKeys),
                builder.auditLog);
        builder.packs.forEach(pack -> pack.register(packContext));
        packContext.close();
        this.features = featureList
                .tools(builder.tools)
                .resources(builder.resources)
                .resourceTemplates(builder.resourceTemplates)
                .prompts(builder.prompts)
                .completions(builder.completions)
                .build();
        this.jsonMapper = MessageCheckingJsonMapper.strictOver(mapper)
                .knowingTools(name -> catalogue.tool(name).isPresent());

        ToolRateLimiter rateLimiter = new ToolRateLimiter(rateLimits, meterRegistry);
        if (config.rateLimit().enabled()) {
            rateLimiter.registerCounters(
                    features.tools().stream().map(Tool::name).toList());
        }
        this.pipeline = StandardPipeline.create(
                config,
                rateLimiter,
                resultCache,
                cacheKeys,
                mapper,
                meterRegistry,
                builder.ticker,
                executor,
                tracer,
                builder.auditLog,
                builder.clock);
        Duration clientRequestTimeout = McpServerAssembler.longestCallTimeout(
                config.limits().toolTimeout(),
                features,
                Stream.concat(builder.extensions.stream(), packContext.extensions().stream())
                        .toList());
        ResultSizeLimit resultSizeLimit = ResultSizeLimit.of(config.limits().maxResultBytes(), mapper);
        // a shared store with this instance's memory as its fallback, as the cache and the rate limits have
        TaskStore taskStore = builder.taskStore != null
                ? new TaskStoreGateway(builder.taskStore, new InMemoryTaskStore(), builder.ticker)
                : new InMemoryTaskStore();
        TaskCreationRateLimit taskAdmission = new TaskCreationRateLimit(rateLimiter, config.rateLimit());
        TaskRequestMetrics taskMetrics = new TaskRequestMetrics(meterRegistry);
        McpServerAssembler served = new McpServerAssembler(config.server(), features, pipeline, jsonMapper)
                .withToolListFilter(config.toolList().filterByScope())
                .withToolListPageSize(config.toolList().pageSize())
                .withClientRequestTimeout(clientRequestTimeout)
                .withResultSizeLimit(resultSizeLimit)
                .withOpenTelemetry(builder.openTelemetry);
        // the 2026 era's signed input rounds now (a missing key is reported at start), its layer at its first request
        // or at the first task it runs
        SignedInputRounds rounds = new SignedInputRounds(config.requestState(), builder.clock);
        this.era2026 = new DeferredEra2026(this::buildEra2026);
        this.acceptedCalls = new StoredAcceptedCalls(era2026, mapper);
        // one engine serves the tasks of both eras; it runs the tasks it starts, and those it takes from the shared
        // queue (a worker's only work), through the 2026 era's layer
        this.tasks = new TaskEngine(
                mapper,
                taskStore,
                config.tasks(),
                builder.clock,
                // read at each task, so that a tool that joins later takes tasks as one served at the start does
                catalogue::tool,
                packContext.tasksOffered()
                        || features.tools().stream().anyMatch(tool -> tool.taskSupport() != Tool.TaskSupport.FORBIDDEN),
                config.limits().maxConcurrentCallsPerTool(),
                new AcceptedTaskRuns(acceptedCalls, mapper), // an embedder's path: one way to run an accepted call
                Optional.ofNullable(builder.taskQueue),
                Optional.ofNullable(builder.taskChangeFeed));
        this.sessionTasks = new SessionTasks(
                mapper,
                jsonMapper,
                tasks,
                taskMetrics,
                config.tasks(),
                taskAdmission,
                catalogue::tool,
                tasks.offered());
        // Bulwark's own Tasks extension is registered as the embedder's are, first
        Stream<Extension> ownTasks = tasks.offered()
                ? Stream.of(
                        TaskMethods.extension(mapper, jsonMapper, tasks, new TaskWire(mapper, config.tasks(), tasks)))
                : Stream.empty();
        this.extensions = Stream.of(ownTasks, builder.extensions.stream(), packContext.extensions().stream())
                .flatMap(Function.identity())
                .toList();
        this.assembler = served.withExtensions(extensions).withSessionTasks(sessionTasks);
        catalogue.serving(tasks.offered());
        this.era2026Parts = new Era2026Parts(assembler, mapper, rounds, tasks, config, taskAdmission, taskMetrics);
    }

    /** Builds the 2026-era layer over the engine, once, at its first request or the first task it runs. */
    private Era2026Server buildEra2026() {
        Era2026Parts parts = era2026Parts;
        if (parts == null) {
            throw new IllegalStateException("the 2026-era layer was asked for before the server was built");
        }
        return parts.assembler()
                .era2026(
                        parts.mapper(),
                        parts.rounds(),
                        parts.tasks(),
                        parts.config().tasks(),
                        parts.admission(),
                        parts.metrics());
    }
}
