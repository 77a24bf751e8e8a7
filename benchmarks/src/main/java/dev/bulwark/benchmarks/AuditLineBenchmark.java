package dev.bulwark.benchmarks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import dev.bulwark.bootstrap.logging.LogbackAuditLog;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.pipeline.DeferredHandler;
import dev.bulwark.core.internal.presentation.pipeline.ToolExecutors;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.test.TestCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.slf4j.LoggerFactory;

/**
 * What the audit line costs per call, with the server's own logging configuration writing into a sink that discards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
public class AuditLineBenchmark {

    private static final String AUDIT_LOGGER = "dev.bulwark.audit";
    private static final Tool<Map, Map> ISOLATED = Tool.builder("isolated", Map.class, Map.class)
            .description("Answers a constant")
            .rateLimit(RateLimit.perSecond(100_000_000))
            .handler((input, context) -> ToolResult.text("ok"))
            .build();

    /** {@code on}: the audit logger at INFO, as the server ships; {@code off}: the same logger switched off. */
    @Param({"on", "off"})
    public String audit;

    private ExecutorService executor;
    private ToolPipeline pipeline;
    private ToolInvocation call;
    private OutputStreamAppender<ILoggingEvent> auditStream;
    private ILoggingEvent auditLine;
    private final CpuPerOperation cpu = new CpuPerOperation();

    @Setup(Level.Trial)
    public void setUp() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        auditStream = DiscardingServerLogging.configure();

        executor = ToolExecutors.create();
        pipeline = ExecutionModeBenchmark.standardPipeline(
                BulwarkConfig.defaults(),
                executor,
                LogbackAuditLog.ofServerLogging().orElseThrow());
        Principal caller = Principal.of("bench", Principal.ALL_SCOPES);
        call = new ToolInvocation(ISOLATED, Map.of(), new TestCallContext(caller, "bench-request-1", ISOLATED.name()));
        auditLine = oneAuditLine(context.getLogger(AUDIT_LOGGER));
        if (auditLine == null) {
            throw new IllegalStateException("a call must write one audit line");
        }
        if ("off".equals(audit)) {
            context.getLogger(AUDIT_LOGGER).setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    /** The audit line one call writes, as its writer thread receives it. */
    private ILoggingEvent oneAuditLine(Logger logger) {
        AtomicReference<ILoggingEvent> seen = new AtomicReference<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                seen.compareAndSet(null, event);
            }
        };
        capture.setContext(logger.getLoggerContext());
        capture.start();
        logger.addAppender(capture);
        try {
            isolatedHere();
        } finally {
            logger.detachAppender(capture);
        }
        return seen.get();
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
     * A default isolated call as the HTTP and stdio transports make it, its audit line (with {@code on}) handed to
     * the audit stream's writer thread: the request thread's share of the line is the difference from {@code off}.
     */
    @Benchmark
    public CallToolResult isolatedHere() {
        cpu.operation();
        DeferredHandler held = new DeferredHandler();
        CompletableFuture<CallToolResult> outcome = pipeline.executeAsync(call.withDeferredHandler(held));
        held.runHere();
        return outcome.join();
    }

    /** The writer thread's share of one audit line: encoding it and writing it to the audit stream's appender. */
    @Benchmark
    public void writeOneLine() {
        cpu.operation();
        auditStream.doAppend(auditLine);
    }
}
