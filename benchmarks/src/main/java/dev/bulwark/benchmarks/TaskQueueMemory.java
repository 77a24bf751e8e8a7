package dev.bulwark.benchmarks;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.redis.RedisTaskQueue;
import dev.bulwark.redis.RedisTaskStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;

/** What one task waiting for a slot of its tool costs: heap after a full collection, and Redis's memory. */
public final class TaskQueueMemory {

    private static final String TOOL = "bench_hold";
    private static final int CALLERS = 10;

    private TaskQueueMemory() {}

    /**
     * {@code [tasks] [rounds]}: per round and per store (in memory; Redis, its store and shared queue), creates
     * {@code tasks} tasks of a tool that runs one call at once and holds it, over ten callers, and prints the heap
     * used after a full collection, less the heap before the first task, per task waiting; with Redis also Redis's
     * {@code used_memory} per task. Asserts nothing.
     */
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("round,store,tasks,heap_bytes_per_task,redis_bytes_per_task");
        try (EmbeddedRedis redis = EmbeddedRedis.start();
                Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            for (int round = 1; round <= rounds; round++) {
                for (String store : new String[] {"in-memory", "redis"}) {
                    admin.flushAll();
                    measure(round, store, tasks, redis, admin);
                }
            }
        }
    }

    private static void measure(int round, String store, int tasks, EmbeddedRedis redis, Jedis admin) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Tool<Map, Void> hold = Tool.builder(TOOL, Map.class, Void.class)
                .inputSchema(Map.of("type", "object"))
                .description("Holds its one slot until the round ends")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .rateLimit(RateLimit.perSecond(100_000_000))
                .maxConcurrency(1)
                .timeout(Duration.ofMinutes(10))
                .handler((input, context) -> {
                    release.await(10, TimeUnit.MINUTES);
                    ran.incrementAndGet();
                    return ToolResult.text("released");
                })
                .build();
        TaskSettings settings = TaskSettings.defaults()
                .withPerCallerLimits(100_000, 10_000)
                .withMaxQueued(100_000, 1_000_000)
                .withMaxBytes(1L << 30, 1L << 32);
        Bulwark.Builder builder =
                Bulwark.builder(BulwarkConfig.defaults()).tool(hold).taskSettings(settings);
        RedisConnection connection = null;
        if (store.equals("redis")) {
            connection = RedisConnection.builder(RedisSettings.builder()
                            .url(redis.url())
                            .operationTimeout(Duration.ofSeconds(5))
                            .build())
                    .build();
            builder.taskStore(new RedisTaskStore(connection)).taskQueue(new RedisTaskQueue(connection));
        }
        Bulwark bulwark = builder.build();
        try {
            create(bulwark, "warm-up", 0); // the request path loaded and the engine's runner started: the slot is held
            long heapBefore = heapAfterGc();
            long redisBefore = usedMemory(admin);
            int created = 0;
            for (int i = 0; i < tasks; i++) {
                created += create(bulwark, "caller-" + (i % CALLERS), i + 1) ? 1 : 0;
            }
            if (created != tasks) {
                throw new IllegalStateException((tasks - created) + " tasks were not created");
            }
            long heapAfter = heapAfterGc();
            long redisAfter = usedMemory(admin);
            System.out.printf(
                    "%d,%s,%d,%d,%s%n",
                    round,
                    store,
                    tasks,
                    (heapAfter - heapBefore) / tasks,
                    store.equals("redis") ? Long.toString((redisAfter - redisBefore) / tasks) : "");
        } finally {
            release.countDown();
            // every task runs once released: the next round's heap starts without them
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (ran.get() < tasks + 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            bulwark.close();
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** Creates one task of {@link #TOOL} as {@code caller}; whether it was created. */
    private static boolean create(Bulwark bulwark, String caller, long id) {
        String version = ProtocolEra.REQUESTS_2026_07_28.version();
        Map<String, Object> message = Map.of(
                "jsonrpc",
                "2.0",
                "id",
                id,
                "method",
                "tools/call",
                "params",
                Map.of(
                        "name",
                        TOOL,
                        "arguments",
                        Map.of(),
                        "_meta",
                        Map.of(
                                ProtocolEra.VERSION_META_KEY,
                                version,
                                "io.modelcontextprotocol/clientCapabilities",
                                Map.of("extensions", Map.of("io.modelcontextprotocol/tasks", Map.of())))));
        Map<String, String> headers =
                Map.of("mcp-protocol-version", version, "mcp-method", "tools/call", "mcp-name", TOOL);
        String answer = bulwark.era2026()
                .serve(
                        Era2026Request.overHttp(message, headers, RequestOrigin.of(Principal.of(caller))),
                        notification -> {})
                .join()
                .json();
        return answer.contains("\"taskId\"");
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long usedMemory(Jedis admin) {
        for (String line : admin.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("Redis did not say its used_memory");
    }
}
