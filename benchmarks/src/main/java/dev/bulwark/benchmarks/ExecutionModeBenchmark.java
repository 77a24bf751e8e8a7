package dev.bulwark.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.business.caching.CacheKeys;
import dev.bulwark.core.internal.business.caching.CanonicalJson;
import dev.bulwark.core.internal.business.caching.ResultCache;
import dev.bulwark.core.internal.business.ratelimit.ToolRateLimiter;
import dev.bulwark.core.internal.data.cache.CacheGateway;
import dev.bulwark.core.internal.data.cache.InMemoryCacheStore;
import dev.bulwark.core.internal.data.ratelimit.InMemoryRateLimitStore;
import dev.bulwark.core.internal.data.ratelimit.RateLimitGateway;
import dev.bulwark.core.internal.presentation.pipeline.DeferredHandler;
import dev.bulwark.core.internal.presentation.pipeline.Slf4jAuditLog;
import dev.bulwark.core.internal.presentation.pipeline.StandardPipeline;
import dev.bulwark.core.internal.presentation.pipeline.ToolExecutors;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.ports.audit.AuditLog;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.test.TestCallContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the default execution mode costs per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(5)
public class ExecutionModeBenchmark {

    private static final Tool<Map, Map> ISOLATED = constant("isolated", Tool.Execution.ISOLATED);
    private static final Tool<Map, Map> CALLER_THREAD = constant("caller_thread", Tool.Execution.CALLER_THREAD);

    private ExecutorService executor;
    private ToolPipeline pipeline;
    private ToolInvocation isolatedCall;
    private ToolInvocation callerThreadCall;

    private static Tool<Map, Map> constant(String name, Tool.Execution execution) {
        return Tool.builder(name, Map.class, Map.class)
                .description("Answers a constant")
                .rateLimit(RateLimit.perSecond(100_000_000))
                .execution(execution)
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        executor = ToolExecutors.create();
        pipeline = standardPipeline(BulwarkConfig.defaults(), executor);
        Principal caller = Principal.of("bench", Principal.ALL_SCOPES);
        isolatedCall = new ToolInvocation(ISOLATED, Map.of(), new TestCallContext(caller, "bench", ISOLATED.name()));
        callerThreadCall =
                new ToolInvocation(CALLER_THREAD, Map.of(), new TestCallContext(caller, "bench", CALLER_THREAD.name()));
        for (ToolInvocation call : new ToolInvocation[] {isolatedCall, callerThreadCall}) {
            if (Boolean.TRUE.equals(pipeline.execute(call).isError())) {
                throw new IllegalStateException("the tool " + call.toolName() + " must answer without an error");
            }
        }
    }

    /** The pipeline {@link Bulwark} builds, over in-memory stores. */
    static ToolPipeline standardPipeline(BulwarkConfig config, ExecutorService executor) {
        return standardPipeline(config, executor, Slf4jAuditLog.INSTANCE);
    }

    /** The pipeline {@link Bulwark} builds, over in-memory stores, writing its audit records to {@code auditLog}. */
    static ToolPipeline standardPipeline(BulwarkConfig config, ExecutorService executor, AuditLog auditLog) {
        return standardPipeline(config, executor, auditLog, new SimpleMeterRegistry());
    }

    /** The pipeline {@link Bulwark} builds, over in-memory stores, its audit records to {@code auditLog}, its meters in {@code registry}. */
    public static ToolPipeline standardPipeline(
            BulwarkConfig config, ExecutorService executor, AuditLog auditLog, MeterRegistry registry) {
        Ticker ticker = Ticker.system();
        ObjectMapper mapper = Bulwark.defaultObjectMapper();
        InMemoryCacheStore store = new InMemoryCacheStore(config.cache().maxEntries(), ticker);
        RateLimitGateway rateLimits = RateLimitGateway.of(
                null,
                new InMemoryRateLimitStore(ticker),
                ticker,
                config.rateLimit().localFallbackShare(),
                store);
        return StandardPipeline.create(
                config,
                new ToolRateLimiter(rateLimits, registry),
                new ResultCache(new CacheGateway(store, registry, ticker)),
                new CacheKeys(new CanonicalJson(mapper)),
                mapper,
                registry,
                ticker,
                executor,
                OpenTelemetry.noop().getTracer("dev.bulwark.core"),
                auditLog,
                Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ToolExecutors.stop(executor, 5);
    }

    @Benchmark
    public CallToolResult isolated() {
        return pipeline.execute(isolatedCall);
    }

    /**
     * An isolated call as the HTTP and stdio transports make it: its handler held for this thread
     * ({@link DeferredHandler}), run here once the pipeline returned its pending outcome, with its deadline timer.
     */
    @Benchmark
    public CallToolResult isolatedHere() {
        DeferredHandler held = new DeferredHandler();
        CompletableFuture<CallToolResult> outcome = pipeline.executeAsync(isolatedCall.withDeferredHandler(held));
        held.runHere();
        return outcome.join();
    }

    @Benchmark
    public CallToolResult callerThread() {
        return pipeline.execute(callerThreadCall);
    }
}
