package dev.bulwark.benchmarks;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.redis.RedisTaskQueue;
import dev.bulwark.redis.RedisTaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What a task costs over a direct call of the same tool, in process through the whole request path of the
 * {@link ProtocolEra#REQUESTS_2026_07_28} era, in memory and on a real Redis. Each iteration prints the CPU time per
 * operation of the benchmark's thread and of the process.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(5)
public class TaskBenchmark {

    static final String TOOL = "bench_echo";

    /** A constant tool that may run as a task. */
    static Tool<Map, Void> echo(int maxConcurrency) {
        return Tool.builder(TOOL, Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("Answers a constant, as a task when the client asks")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .rateLimit(RateLimit.perSecond(100_000_000))
                .maxConcurrency(maxConcurrency)
                .handler((input, context) -> ToolResult.text("ok"))
                .build();
    }

    @Param({"in-memory", "redis"})
    public String store;

    private EmbeddedRedis redis;
    private RedisConnection connection;
    private Bulwark bulwark;
    private EndingTaskStore ending;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong notTasks = new AtomicLong();
    /** CPU per operation: the process's counts the runs on other threads, and a loaded machine moves it far less. */
    private final CpuPerOperation cpu = new CpuPerOperation();

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        // tasks expire after a second and are swept every half second: the creation benchmark keeps a bounded number
        TaskSettings settings = TaskSettings.defaults()
                .withTtl(Duration.ofSeconds(1))
                .withLease(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withPerCallerLimits(100_000, 10_000)
                .withMaxBytes(1L << 30, 1L << 32)
                .withMaxQueued(100_000, 100_000);
        Bulwark.Builder builder =
                Bulwark.builder(BulwarkConfig.defaults()).tool(echo(16)).taskSettings(settings);
        TaskStore base;
        if (store.equals("redis")) {
            redis = EmbeddedRedis.start();
            connection = RedisConnection.builder(RedisSettings.builder()
                            .url(redis.url())
                            .operationTimeout(Duration.ofSeconds(1))
                            .build())
                    .build();
            base = new RedisTaskStore(connection);
            builder.taskQueue(new RedisTaskQueue(connection));
        } else {
            base = new dev.bulwark.core.internal.data.tasks.InMemoryTaskStore();
        }
        ending = new EndingTaskStore(base);
        bulwark = builder.taskStore(ending).build();
        if (!call(false).contains("\"ok\"")) {
            throw new IllegalStateException("the direct call must answer ok: " + call(false));
        }
        taskToEnd();
        ending.watching = params.getBenchmark().endsWith("taskToEnd");
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
        if (notTasks.get() > 0) {
            System.err.println(notTasks.get() + " task creations were not answered with a task");
        }
        bulwark.close();
        if (connection != null) {
            connection.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A {@code tools/call} answered when the tool answered. */
    @Benchmark
    public String direct() {
        cpu.operation();
        return call(false);
    }

    /** A {@code tools/call} answered with a task at once: what creating a task costs (the run goes on elsewhere). */
    @Benchmark
    public String create() {
        cpu.operation();
        String answer = call(true);
        if (taskIdOf(answer) == null) {
            notTasks.incrementAndGet();
        }
        return answer;
    }

    /** A task created and run to its end (stored as completed): what a task costs over {@link #direct}. */
    @Benchmark
    public Object taskToEnd() {
        cpu.operation();
        String answer = call(true);
        String taskId = taskIdOf(answer);
        if (taskId == null) {
            throw new IllegalStateException("not a task: " + answer);
        }
        return ending.ended(taskId).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private String call(boolean asTask) {
        String version = ProtocolEra.REQUESTS_2026_07_28.version();
        Map<String, Object> message = Map.of(
                "jsonrpc",
                "2.0",
                "id",
                ids.incrementAndGet(),
                "method",
                "tools/call",
                "params",
                Map.of(
                        "name", TOOL,
                        "arguments", Map.of(),
                        "_meta",
                                Map.of(
                                        ProtocolEra.VERSION_META_KEY,
                                        version,
                                        "io.modelcontextprotocol/clientCapabilities",
                                        Map.of(
                                                "extensions",
                                                asTask
                                                        ? Map.of("io.modelcontextprotocol/tasks", Map.of())
                                                        : Map.of()))));
        Map<String, String> headers =
                Map.of("mcp-protocol-version", version, "mcp-method", "tools/call", "mcp-name", TOOL);
        Era2026Answer answer = bulwark.era2026()
                .serve(
                        Era2026Request.overHttp(message, headers, RequestOrigin.of(Principal.of("bench"))),
                        notification -> {})
                .join();
        return answer.json();
    }

    /** The {@code taskId} of a {@code CreateTaskResult}, or null. */
    static String taskIdOf(String json) {
        int at = json.indexOf("\"taskId\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + "\"taskId\":\"".length();
        return json.substring(from, json.indexOf('"', from));
    }

    /** A task store that tells when a task ended (was stored completed, failed or cancelled). Thread-safe. */
    static final class EndingTaskStore implements TaskStore {

        private final TaskStore delegate;
        /** Whether ends are told: not while the creation benchmark runs, which waits for none. */
        volatile boolean watching = true;

        private final Map<String, CompletableFuture<TaskRecord>> ends = new ConcurrentHashMap<>();

        EndingTaskStore(TaskStore delegate) {
            this.delegate = delegate;
        }

        /** Completes once task {@code taskId} is stored ended; the first call for a task only. */
        CompletableFuture<TaskRecord> ended(String taskId) {
            return ends.computeIfAbsent(taskId, id -> new CompletableFuture<>())
                    .whenComplete((record, failure) -> ends.remove(taskId));
        }

        @Override
        public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
            delegate.create(record, maxKept, maxActive, now);
        }

        @Override
        public Optional<TaskRecord> find(String taskId, Instant now) {
            return delegate.find(taskId, now);
        }

        @Override
        public boolean remove(TaskRecord current) {

            return delegate.remove(current);
        }

        @Override
        public boolean replace(TaskRecord expected, TaskRecord next) {
            boolean replaced = delegate.replace(expected, next);
            if (replaced && watching && next.status().isTerminal()) {
                ends.computeIfAbsent(next.taskId(), id -> new CompletableFuture<>())
                        .complete(next);
            }
            return replaced;
        }

        @Override
        public List<TaskRecord> owned(String owner, Instant now) {
            return delegate.owned(owner, now);
        }

        @Override
        public void sweep(Instant now) {
            delegate.sweep(now);
        }
    }
}
