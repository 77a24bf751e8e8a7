package dev.bulwark.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.ratelimit.RateLimit;
import dev.bulwark.serve.BulwarkHttp;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Bulwark Streamable HTTP server (stateful, the 2026 era served too) with many registered tools, one whose
 * result is large, and one that reports the JVM's allocation and heap counters: what the scale driver's {@code
 * tools-list} and {@code large-result} modes measure ({@code dev.bulwark.loadtest.ScaleLoad}).
 *
 * <pre>
 * java -cp benchmarks/target/bulwark-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/cp.txt) \
 *     dev.bulwark.benchmarks.ManyToolsServer PORT [TOOLS=1000] [RESULT_BYTES=1048576]
 * </pre>
 *
 * Every tool has a rate limit too high to reject a call, so the full pipeline runs on each; {@code /metrics} is
 * served on the MCP port. Logging is the benchmarks' (warnings only): no audit line is written.
 */
public final class ManyToolsServer {

    private ManyToolsServer() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: ManyToolsServer PORT [TOOLS] [RESULT_BYTES]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int tools = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int resultBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
        Bulwark.Builder builder = Bulwark.builder(BulwarkConfig.defaults());
        for (int i = 0; i < tools; i++) {
            builder.tool(generated(i));
        }
        builder.tool(largeResult(resultBytes)).tool(jvmCounters());
        try (Bulwark bulwark = builder.build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark)
                        .port(port)
                        .managementPort(0)
                        .start()) {
            System.err.println("ManyToolsServer: " + tools + " tools and large_result (" + resultBytes
                    + " bytes) on http://127.0.0.1:" + http.port() + "/mcp");
            http.awaitStop();
        }
    }

    /** A tool as a real server would list it: a title, a sentence or two of description, three parameters. */
    private static Tool<Map, Map> generated(int index) {
        String name = String.format("inventory_lookup_%04d", index);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "sku",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "The stock-keeping unit to look up",
                        "pattern",
                        "^[A-Z0-9-]{4,32}$"));
        properties.put(
                "warehouse",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "Which warehouse to ask",
                        "enum",
                        List.of("north", "south", "east", "west")));
        properties.put(
                "limit",
                Map.of("type", "integer", "description", "At most this many rows", "minimum", 1, "maximum", 100));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("sku"));
        schema.put("additionalProperties", false);
        return Tool.builder(name, Map.class, Map.class)
                .title("Inventory lookup " + index)
                .description("Looks up the stock of one item in one warehouse (number " + index
                        + "), with its reserved and incoming quantities. Read-only; answers from the nightly copy.")
                .readOnly(true)
                .inputSchema(schema)
                .rateLimit(RateLimit.perSecond(100_000_000))
                .handler((input, context) -> ToolResult.text("in stock"))
                .build();
    }

    private static Tool<Map, Map> largeResult(int bytes) {
        String text = "x".repeat(bytes);
        return Tool.builder("large_result", Map.class, Map.class)
                .description("Answers a text of " + bytes + " characters")
                .rateLimit(RateLimit.perSecond(100_000_000))
                .handler((input, context) -> ToolResult.text(text))
                .build();
    }

    /**
     * Reports {@code allocatedBytes} (by every live thread so far), {@code heapUsed} and {@code heapPeak} (each heap
     * pool's peak since the last reset, added up); with {@code {"reset":true}} it first collects the heap and resets
     * the peaks, so {@code heapUsed} is the live data and the next {@code heapPeak} the high-water mark since.
     */
    private static Tool<Map, Map> jvmCounters() {
        Map<String, Object> schema = Map.of(
                "type",
                "object",
                "properties",
                Map.of("reset", Map.of("type", "boolean")),
                "additionalProperties",
                false);
        return Tool.builder("jvm_counters", Map.class, Map.class)
                .description("Reports the JVM's allocation and heap counters")
                .inputSchema(schema)
                .execution(Tool.Execution.CALLER_THREAD)
                .rateLimit(RateLimit.perSecond(100_000_000))
                .handler((input, context) -> {
                    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(pool -> pool.getType() == MemoryType.HEAP)
                            .toList();
                    if (Boolean.TRUE.equals(input.get("reset"))) {
                        System.gc();
                        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                    }
                    long used = heap.stream()
                            .mapToLong(pool -> pool.getUsage().getUsed())
                            .sum();
                    long peak = heap.stream()
                            .mapToLong(pool -> pool.getPeakUsage().getUsed())
                            .sum();
                    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
                    long allocated = 0;
                    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                        allocated += Math.max(0, bytes);
                    }
                    return ToolResult.text("allocatedBytes=" + allocated + " heapUsed=" + used + " heapPeak=" + peak);
                })
                .build();
    }
}
