package dev.bulwark.core.internal.presentation.pipeline;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.benchmarks.DiscardingServerLogging;
import dev.bulwark.benchmarks.ExecutionModeBenchmark;
import dev.bulwark.benchmarks.PairedTurns;
import dev.bulwark.bootstrap.logging.LogbackAuditLog;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.TestCallContext;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Prices one guarantee's step of the server's tool pipeline: the pipeline with every step ({@code all}) against it
 * without that step, in alternate turns on one thread ({@link PairedTurns}). Each iteration also prints the audit
 * writer thread's CPU a line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class GuaranteeInTurnsBenchmark {

    private static final String WRITER_THREAD = "bulwark-audit-writer";
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The step left out of the other arm: {@code audit}, {@code metrics} or {@code schema-check}. */
    @Param({"audit", "metrics", "schema-check"})
    public String step;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private ExecutorService executor;
    private PrometheusMeterRegistry registry;
    private OutputStreamAppender<ILoggingEvent> auditStream;
    private ToolPipeline all;
    private ToolPipeline without;
    private Tool<?, ?> tool;
    private Map<String, Object> arguments;
    private TestCallContext context;
    private PairedTurns turns;
    private long writerThread;
    private long writerCpuStart;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        auditStream = DiscardingServerLogging.configure();
        ObjectMapper mapper = Bulwark.defaultObjectMapper();
        BulwarkConfig config = BulwarkConfig.defaults();
        executor = ToolExecutors.create();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // as the server builds it: in-memory stores, Prometheus metrics, the audit record to Logback
        ToolPipeline standard = ExecutionModeBenchmark.standardPipeline(
                config, executor, LogbackAuditLog.ofServerLogging().orElseThrow(), registry);
        List<ToolInterceptor> kept = new ArrayList<>();
        for (ToolInterceptor interceptor : standard.interceptors()) {
            if (!isStep(interceptor)) {
                kept.add(interceptor);
            }
        }
        if (kept.size() != standard.interceptors().size() - 1) {
            throw new IllegalStateException("the pipeline must have exactly one " + step + " step");
        }
        // the same steps, their stores and meters shared, with and without the step
        all = new ToolPipeline(
                standard.interceptors(),
                new HandlerInvoker(mapper, ResultSizeLimit.of(config.limits().maxResultBytes(), mapper)));
        without = new ToolPipeline(
                kept,
                new HandlerInvoker(mapper, ResultSizeLimit.of(config.limits().maxResultBytes(), mapper)));
        tool = GuaranteeBudgetBenchmark.schemaChecked();
        // As the transport hands them over: a map parsed from the request's body.
        arguments = new LinkedHashMap<>();
        arguments.put("email", "a@example.com");
        context = new TestCallContext(Principal.of("bench", Principal.ALL_SCOPES), "bench-request-1", tool.name());
        for (ToolPipeline arm : List.of(all, without)) {
            if (Boolean.TRUE.equals(call(arm, arguments).isError())) {
                throw new IllegalStateException("the call must succeed: " + call(arm, arguments));
            }
        }
        armsDiffer();
        writerThread = writerThread();
        turns = new PairedTurns(
                "all",
                () -> call(all, arguments).content().size(),
                "without",
                () -> call(without, arguments).content().size());
    }

    private boolean isStep(ToolInterceptor interceptor) {
        return switch (step) {
            case "audit" -> interceptor instanceof AuditInterceptor;
            case "metrics" -> interceptor instanceof MetricsInterceptor;
            case "schema-check" -> interceptor instanceof ValidationInterceptor;
            default -> throw new IllegalArgumentException("unknown step " + step);
        };
    }

    /** Stops the start unless the step does its work in {@code all} and not in {@code without}: else both arms are one. */
    private void armsDiffer() throws Exception {
        switch (step) {
            case "audit" -> {
                LineCounter lines = new LineCounter();
                auditStream.setOutputStream(lines);
                call(all, arguments);
                long first = awaitLines(lines, 1);
                for (int i = 0; i < 10; i++) {
                    call(without, arguments);
                }
                call(all, arguments);
                // the lines reach the writer in order: once the second call's line is written, any line of the calls
                // before it would have been too
                if (awaitLines(lines, first + 1) != first + 1) {
                    throw new IllegalStateException("the pipeline without the audit step wrote an audit line");
                }
                auditStream.setOutputStream(OutputStream.nullOutputStream());
            }
            case "metrics" -> {
                Timer duration = registry.get("mcp.request.duration")
                        .tag("method", "tools/call")
                        .timer();
                long before = duration.count();
                call(all, arguments);
                long afterAll = duration.count();
                call(without, arguments);
                if (afterAll != before + 1 || duration.count() != afterAll) {
                    throw new IllegalStateException("only the pipeline with metrics must time the call: " + before
                            + ", " + afterAll + ", " + duration.count());
                }
            }
            case "schema-check" -> {
                Map<String, Object> invalid = Map.of("email", 5);
                if (!Boolean.TRUE.equals(call(all, invalid).isError())
                        || Boolean.TRUE.equals(call(without, invalid).isError())) {
                    throw new IllegalStateException("only the pipeline with the schema check must refuse a bad call");
                }
            }
            default -> throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private static long awaitLines(LineCounter lines, long atLeast) {
        long deadline = System.nanoTime() + CHECK_NANOS;
        while (lines.count() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the audit writer wrote " + lines.count() + " lines, not " + atLeast);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return lines.count();
    }

    private long writerThread() {
        for (ThreadInfo thread : threads.dumpAllThreads(false, false)) {
            if (thread.getThreadName().equals(WRITER_THREAD)) {
                return thread.getThreadId();
            }
        }
        throw new IllegalStateException("no thread " + WRITER_THREAD);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        turns.reset();
        writerCpuStart = threads.getThreadCpuTime(writerThread);
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long writerCpu = threads.getThreadCpuTime(writerThread) - writerCpuStart;
        turns.print("without the " + step);
        long lines = "audit".equals(step) ? turns.subjectCalls() : 2 * turns.subjectCalls();
        if (lines > 0) {
            System.out.printf(
                    "audit writer thread: CPU %.3f us a line (%d lines)%n", writerCpu / 1000.0 / lines, lines);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ToolExecutors.stop(executor, 5);
        DiscardingServerLogging.stop();
    }

    /**
     * One turn of each arm, the order alternating from pair to pair; the score is the time of a call of either arm.
     * The iteration's figures are the turns' (printed).
     */
    @Benchmark
    @OperationsPerInvocation(2 * PairedTurns.CALLS_A_TURN)
    public int inTurns() throws Exception {
        return turns.pair();
    }

    /**
     * One call of the default isolated, schema-checked tool as the HTTP and stdio transports make it: a new
     * invocation from the parsed arguments, its handler run on this thread once the call is armed.
     */
    private CallToolResult call(ToolPipeline steps, Map<String, Object> input) {
        DeferredHandler held = new DeferredHandler();
        CompletableFuture<CallToolResult> outcome =
                steps.executeAsync(new ToolInvocation(tool, input, context).withDeferredHandler(held));
        held.runHere();
        return outcome.join();
    }

    /** Discards what it is given and counts its lines; written by the audit writer thread alone. */
    private static final class LineCounter extends OutputStream {

        private final AtomicLong lines = new AtomicLong();

        long count() {
            return lines.get();
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines.incrementAndGet();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            long seen = 0;
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    seen++;
                }
            }
            lines.addAndGet(seen);
        }
    }
}
