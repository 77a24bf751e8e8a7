package dev.bulwark.benchmarks;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.test.TestCallContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;

/**
 * What a cached tool call costs Redis itself, from Redis's own statistics.
 */
public final class RedisCpuPerCall {

    private static final Tool<CacheHitBenchmark.Lookup, CacheHitBenchmark.Answer> LOOKUP = Tool.builder(
                    "lookup", CacheHitBenchmark.Lookup.class, CacheHitBenchmark.Answer.class)
            .description("Looks a key up")
            .cache(CachePolicy.shared(Duration.ofHours(1)))
            .rateLimit(RateLimit.perSecond(100_000_000))
            .handler((input, context) ->
                    ToolResult.of(new CacheHitBenchmark.Answer("x".repeat(1_000)), "x".repeat(1_000)))
            .build();

    private RedisCpuPerCall() {}

    /**
     * {@code [calls] [callers] [two-trips]}: runs cached calls through the whole pipeline against a real {@code
     * redis-server} and prints, per call, the microseconds of each command inside Redis and Redis's process CPU. Each
     * caller is its own principal; {@code two-trips} hides the cache store from the rate-limit store. Asserts
     * nothing.
     */
    @SuppressWarnings("unchecked") // an array of suppliers, one a caller
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        boolean twoTrips = args.length > 2 && args[2].equals("two-trips");
        try (EmbeddedRedis server = EmbeddedRedis.start();
                RedisConnection redis = RedisConnection.builder(RedisSettings.builder()
                                .url(server.url())
                                .operationTimeout(Duration.ofSeconds(1))
                                .build())
                        .build();
                Jedis admin = new Jedis("127.0.0.1", server.port())) {
            Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                    .tool(LOOKUP)
                    .cacheStore(twoTrips ? TwoTrips.hide(new RedisCacheStore(redis)) : new RedisCacheStore(redis))
                    .rateLimitStore(new RedisRateLimitStore(redis))
                    .build();
            try {
                Supplier<CallToolResult>[] invocations = new Supplier[callers];
                for (int i = 0; i < callers; i++) {
                    // One key per caller: callers on one key would wait for each other's lookup (single flight).
                    Map<String, Object> arguments = Map.of("key", "k" + i);
                    TestCallContext caller = new TestCallContext(
                            Principal.of("caller-" + i, Principal.ALL_SCOPES), "bench", LOOKUP.name());
                    invocations[i] = () -> bulwark.call(LOOKUP, arguments, caller);
                }
                // Warm up: each caller's first call computes and stores; later ones must be hits.
                run(invocations, Math.min(calls, 20_000));
                for (Supplier<CallToolResult> invocation : invocations) {
                    Object meta = ResultMeta.get(invocation.get(), ResultMeta.CACHE);
                    if (!"hit".equals(meta)) {
                        throw new IllegalStateException("expected cache hits, got " + meta);
                    }
                }
                admin.configResetStat();
                double cpuBefore = cpuSeconds(admin.info("cpu"));
                long start = System.nanoTime();
                run(invocations, calls);
                long elapsed = System.nanoTime() - start;
                double cpuAfter = cpuSeconds(admin.info("cpu"));
                String stats = admin.info("commandstats");
                print(calls, callers, elapsed, cpuAfter - cpuBefore, stats);
            } finally {
                bulwark.close();
            }
        }
    }

    private static void run(Supplier<CallToolResult>[] invocations, int calls) throws InterruptedException {
        Thread[] threads = new Thread[invocations.length];
        int each = calls / invocations.length;
        for (int i = 0; i < threads.length; i++) {
            Supplier<CallToolResult> invocation = invocations[i];
            threads[i] = new Thread(() -> {
                for (int n = 0; n < each; n++) {
                    invocation.get();
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static double cpuSeconds(String info) {
        double total = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                total +=
                        Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    private static void print(int calls, int callers, long elapsedNanos, double cpuSeconds, String stats) {
        int done = calls / callers * callers;
        System.out.printf(
                Locale.ROOT, "%d cached calls, %d callers, %.0f calls/s%n", done, callers, done / (elapsedNanos / 1e9));
        Map<String, long[]> commands = new LinkedHashMap<>();
        for (String line : stats.split("\r?\n")) {
            if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_config") || line.startsWith("cmdstat_info")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            long count = field(line, "calls=");
            long usec = field(line, "usec=");
            commands.put(name, new long[] {count, usec});
        }
        System.out.println("command        calls/call   usec/call (inside Redis, commandstats)");
        for (Map.Entry<String, long[]> entry : commands.entrySet()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-14s %10.2f %11.2f%n",
                    entry.getKey(),
                    (double) entry.getValue()[0] / done,
                    (double) entry.getValue()[1] / done);
        }
        System.out.printf(
                Locale.ROOT,
                "Redis process CPU per call (used_cpu_user + used_cpu_sys): %.2f usec%n",
                cpuSeconds * 1e6 / done);
    }

    private static long field(String line, String name) {
        int at = line.indexOf(name);
        if (at > 0 && Character.isLetter(line.charAt(at - 1))) {
            // "usec=" also ends "...usec_per_call"; take the exact field.
            at = line.indexOf("," + name) + 1;
        }
        int end = line.indexOf(',', at);
        return Long.parseLong(line.substring(at + name.length(), end < 0 ? line.length() : end));
    }
}
