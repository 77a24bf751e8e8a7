package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.benchmarks.CpuPerOperation;
import dev.bulwark.benchmarks.DiscardingServerLogging;
import dev.bulwark.benchmarks.ExecutionModeBenchmark;
import dev.bulwark.bootstrap.logging.LogbackAuditLog;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.TestCallContext;
import dev.bulwark.tools.presentation.conformance.ConformanceTools;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each guarantee of the tool pipeline costs a call: the server's pipeline with every step, and the same without
 * one guarantee's step, in one run; a guarantee's cost is the difference. In the pipeline's package, to take its
 * steps apart. Forks differ by up to 2 µs, so steps under that are priced by {@link GuaranteeInTurnsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class GuaranteeBudgetBenchmark {

    /**
     * {@code all}: every step, as the server runs them; {@code no-audit}, {@code no-schema-check},
     * {@code no-metrics}: the same without that guarantee's step.
     */
    @Param({"all", "no-audit", "no-schema-check", "no-metrics"})
    public String pipeline;

    private ExecutorService executor;
    private ToolPipeline steps;
    private Tool<?, ?> tool;
    private Map<String, Object> arguments;
    private TestCallContext context;
    private final CpuPerOperation cpu = new CpuPerOperation();

    @Setup(Level.Trial)
    public void setUp() {
        DiscardingServerLogging.configure();
        ObjectMapper mapper = Bulwark.defaultObjectMapper();
        BulwarkConfig config = BulwarkConfig.defaults();
        executor = ToolExecutors.create();
        // as the server builds it: in-memory stores, Prometheus metrics, the audit record to Logback
        ToolPipeline standard = ExecutionModeBenchmark.standardPipeline(
                config,
                executor,
                LogbackAuditLog.ofServerLogging().orElseThrow(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        List<ToolInterceptor> kept = new ArrayList<>();
        for (ToolInterceptor step : standard.interceptors()) {
            if (!leftOut(step)) {
                kept.add(step);
            }
        }
        if (kept.size() == standard.interceptors().size() && !"all".equals(pipeline)) {
            throw new IllegalStateException("no step of the pipeline is " + pipeline);
        }
        steps = new ToolPipeline(
                kept,
                new HandlerInvoker(mapper, ResultSizeLimit.of(config.limits().maxResultBytes(), mapper)));
        tool = schemaChecked();
        // As the transport hands them over: a map parsed from the request's body.
        arguments = new LinkedHashMap<>();
        arguments.put("email", "a@example.com");
        context = new TestCallContext(Principal.of("bench", Principal.ALL_SCOPES), "bench-request-1", tool.name());
        CallToolResult answer = call();
        if (Boolean.TRUE.equals(answer.isError())) {
            throw new IllegalStateException("the call must succeed: " + answer);
        }
    }

    private boolean leftOut(ToolInterceptor step) {
        return switch (pipeline) {
            case "all" -> false;
            case "no-audit" -> step instanceof AuditInterceptor;
            case "no-schema-check" -> step instanceof ValidationInterceptor;
            case "no-metrics" -> step instanceof MetricsInterceptor;
            default -> throw new IllegalArgumentException("unknown pipeline " + pipeline);
        };
    }

    /** The load test's schema-checked tool's schema, on a tool that answers a constant and is never rate limited. */
    static Tool<?, ?> schemaChecked() {
        for (Tool<?, ?> conformance : ConformanceTools.all()) {
            if (conformance.name().equals("json_schema_2020_12_tool")) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Class<Map<String, Object>> free = (Class) Map.class;
                return Tool.builder("schema_checked", free, Void.class)
                        .description("Answers a constant")
                        .inputSchema(conformance.inputSchema())
                        .rateLimit(RateLimit.perSecond(100_000_000))
                        .handler((input, ignored) -> ToolResult.text("ok"))
                        .build();
            }
        }
        throw new IllegalStateException("no conformance tool json_schema_2020_12_tool");
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpu.start();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        cpu.print();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ToolExecutors.stop(executor, 5);
        DiscardingServerLogging.stop();
    }

    /**
     * One call of the default isolated, schema-checked tool as the HTTP and stdio transports make it: a new
     * invocation from the parsed arguments, its handler run on this thread once the call is armed.
     */
    @Benchmark
    public CallToolResult call() {
        cpu.operation();
        DeferredHandler held = new DeferredHandler();
        CompletableFuture<CallToolResult> outcome =
                steps.executeAsync(new ToolInvocation(tool, arguments, context).withDeferredHandler(held));
        held.runHere();
        return outcome.join();
    }
}
