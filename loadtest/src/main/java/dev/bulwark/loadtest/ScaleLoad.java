package dev.bulwark.loadtest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures one running Bulwark HTTP server at the scale MCP servers run (Linux; the server's process id is needed for
 * its memory and CPU).
 */
public final class ScaleLoad {

    private final Map<String, String> options;
    private final InetSocketAddress server;
    private final String path;
    private final long pid;
    private final PrintStream out = System.out;
    private final Path figures;
    private boolean failed;

    private ScaleLoad(Map<String, String> options) {
        this.options = options;
        URI url = URI.create(option("url", "http://127.0.0.1:8080/mcp"));
        this.server = new InetSocketAddress(url.getHost(), url.getPort());
        this.path = url.getPath().isEmpty() ? "/" : url.getPath();
        this.pid = Long.parseLong(required("pid"));
        String file = options.get("figures");
        this.figures = file == null ? null : Path.of(file);
    }

    /**
     * Runs one mode, the first argument:
     *
     * <ul>
     *   <li>{@code sessions}: opens stateful sessions of the session era up to each step of {@code --steps}, then a GET event
     *       stream for each, and measures the server's heap after a full collection and its resident memory per idle
     *       session and per open stream, and the p50/p99/p99.9 of tool calls made meanwhile on {@code --active} other
     *       sessions;
     *   <li>{@code stateless}: {@code --concurrency} connections each making tool calls of the 2026 era one after
     *       the other (that many calls in flight): calls/s, p50/p99, errors;
     *   <li>{@code tools-list}: tools/list in a session and in the 2026 era, one at a time: time, bytes, tools, and,
     *       from {@code --counters-tool}, the bytes the server allocated per list and its heap's high-water mark above
     *       the live data while {@code --concurrent-lists} [64] clients list at once;
     *   <li>{@code large-result}: one tool call at a time of {@code --tool}: CPU, time and bytes per call, and, from
     *       {@code --counters-tool} (the {@code ManyToolsServer} of the benchmarks), the bytes the server allocated per
     *       call and its heap's high-water mark above the live data during one call.
     * </ul>
     *
     * Every connection is written by hand ({@link RawHttpConnection}) from a loopback address of its own group
     * ({@code --per-address} sessions or connections each), as distinct clients would come: the server caps sessions
     * and connections per client address. Prints a markdown table on standard output and, with {@code --figures FILE},
     * appends {@code name<TAB>value} lines there. Exits with 1 if a session or stream was refused or a call failed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: ScaleLoad sessions|stateless|tools-list|large-result --pid PID [--url URL] ...");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                System.err.println("scale: options are --name value pairs, not " + args[i]);
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        ScaleLoad load = new ScaleLoad(options);
        switch (args[0]) {
            case "sessions" -> load.sessions();
            case "stateless" -> load.stateless();
            case "tools-list" -> load.toolsList();
            case "large-result" -> load.largeResult();
            default -> {
                System.err.println("scale: unknown mode " + args[0]);
                System.exit(2);
            }
        }
        System.exit(load.failed ? 1 : 0);
    }

    // ---- sessions ------------------------------------------------------------------------------------------------

    private void sessions() throws Exception {
        int total = Integer.parseInt(option("sessions", "10000"));
        int active = Integer.parseInt(option("active", "4"));
        int perAddress = Integer.parseInt(option("per-address", "50"));
        int seconds = Integer.parseInt(option("seconds", "10"));
        int warmup = Integer.parseInt(option("warmup", "20"));
        int openers = Integer.parseInt(option("openers", "4"));
        String tool = option("tool", "test_simple_text");
        String arguments = option("arguments", "{}");
        List<Integer> steps = steps(option("steps", "0,1000," + total), total);
        ServerMemory memory = new ServerMemory(pid);
        ProcessCpu cpu = new ProcessCpu(pid);
        say(
                "sessions: up to %d idle sessions with a GET stream each, steps %s, %d active sessions calling %s, "
                        + "%d per client address",
                total, steps, active, tool, perAddress);

        try (StreamDrain drain = new StreamDrain()) {
            List<McpHttpClient> callers = new ArrayList<>();
            for (int i = 0; i < active; i++) {
                McpHttpClient caller = new McpHttpClient(server, address(2, i), path);
                caller.initialize();
                drain.hold(caller.openStream().channel());
                callers.add(caller);
            }
            say("warming up the calls for %d s", warmup);
            calls(callers, McpHttpClient.ERA_2025, tool, arguments, warmup, cpu);

            out.println("| idle sessions | open streams | heap after GC (MiB) | RSS (MiB) | threads "
                    + "| heap per session (KiB) | heap per stream (KiB) | RSS per session (KiB) | RSS per stream (KiB) "
                    + "| calls | p50 (µs) | p99 (µs) | p99.9 (µs) | max (µs) | p99 ÷ p99 at 0 | p99.9 ÷ p99.9 at 0 "
                    + "| failed calls "
                    + "| streams ended |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            List<McpHttpClient> idle = new ArrayList<>();
            long heapBefore = memory.heapAfterGc();
            long rssBefore = memory.resident();
            double p99AtZero = Double.NaN;
            double p999AtZero = Double.NaN;
            ExecutorService pool = Executors.newFixedThreadPool(openers);
            try {
                for (int target : steps) {
                    String perSession = "-";
                    String perStream = "-";
                    String rssPerSession = "-";
                    String rssPerStream = "-";
                    int added = target - idle.size();
                    long heap = heapBefore;
                    long rss = rssBefore;
                    if (added > 0) {
                        List<McpHttpClient> opened = openSessions(pool, idle.size(), added, perAddress);
                        idle.addAll(opened);
                        long heapSessions = memory.heapAfterGc();
                        long rssSessions = memory.resident();
                        int streams = openStreams(pool, opened, drain);
                        heap = memory.heapAfterGc();
                        rss = memory.resident();
                        perSession = kib((heapSessions - heapBefore) / (double) opened.size());
                        rssPerSession = kib((rssSessions - rssBefore) / (double) opened.size());
                        if (streams > 0) {
                            perStream = kib((heap - heapSessions) / (double) streams);
                            rssPerStream = kib((rss - rssSessions) / (double) streams);
                        }
                        figure("sessions." + idle.size() + ".heap_per_session_kib", perSession);
                        figure("sessions." + idle.size() + ".heap_per_stream_kib", perStream);
                        figure("sessions." + idle.size() + ".rss_per_session_kib", rssPerSession);
                        figure("sessions." + idle.size() + ".rss_per_stream_kib", rssPerStream);
                        if (opened.size() < added || streams < opened.size()) {
                            failed = true;
                        }
                    }
                    CallFigures calls = calls(callers, McpHttpClient.ERA_2025, tool, arguments, seconds, cpu);
                    if (idle.isEmpty()) {
                        p99AtZero = calls.p99();
                        p999AtZero = calls.p999();
                    }
                    double ratio = calls.p99() / p99AtZero;
                    double tailRatio = calls.p999() / p999AtZero;
                    out.printf(
                            Locale.ROOT,
                            "| %d | %d | %.1f | %.1f | %d | %s | %s | %s | %s | %d | %.0f | %.0f "
                                    + "| %.0f | %.0f | %.2f | %.2f | %d | %d |%n",
                            idle.size(),
                            drain.open() - active,
                            mib(heap),
                            mib(rss),
                            memory.threads(),
                            perSession,
                            perStream,
                            rssPerSession,
                            rssPerStream,
                            calls.count(),
                            calls.p50(),
                            calls.p99(),
                            calls.p999(),
                            calls.max(),
                            ratio,
                            tailRatio,
                            calls.failed(),
                            drain.ended());
                    out.flush();
                    String prefix = "sessions." + idle.size() + ".";
                    figure(prefix + "heap_mib", String.format(Locale.ROOT, "%.1f", mib(heap)));
                    figure(prefix + "rss_mib", String.format(Locale.ROOT, "%.1f", mib(rss)));
                    figure(prefix + "p50_us", String.format(Locale.ROOT, "%.0f", calls.p50()));
                    figure(prefix + "p99_us", String.format(Locale.ROOT, "%.0f", calls.p99()));
                    figure(prefix + "p999_us", String.format(Locale.ROOT, "%.0f", calls.p999()));
                    figure(prefix + "p99_ratio", String.format(Locale.ROOT, "%.2f", ratio));
                    figure(prefix + "p999_ratio", String.format(Locale.ROOT, "%.2f", tailRatio));
                    heapBefore = heap;
                    rssBefore = rss;
                    if (failed) {
                        break;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            if (drain.ended() > 0) {
                say("the server ended %d event streams during the run", drain.ended());
                failed = true;
            }
            for (McpHttpClient client : callers) {
                client.close();
            }
        }
    }

    private static List<Integer> steps(String text, int total) {
        List<Integer> steps = new ArrayList<>();
        for (String step : text.split(",")) {
            int value = Integer.parseInt(step.trim());
            if (value <= total && (steps.isEmpty() || value > steps.get(steps.size() - 1))) {
                steps.add(value);
            }
        }
        if (steps.isEmpty() || steps.get(0) != 0) {
            steps.add(0, 0);
        }
        return steps;
    }

    /** Opens {@code count} sessions numbered from {@code first}, each then without a connection; stops at a refusal. */
    private List<McpHttpClient> openSessions(ExecutorService pool, int first, int count, int perAddress)
            throws InterruptedException {
        AtomicReference<String> refusal = new AtomicReference<>();
        List<Future<McpHttpClient>> futures = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            InetAddress local = address(1, i / perAddress);
            futures.add(pool.submit(() -> {
                if (refusal.get() != null) {
                    return null;
                }
                McpHttpClient client = new McpHttpClient(server, local, path);
                try {
                    client.initialize();
                    return client;
                } catch (IOException e) {
                    refusal.compareAndSet(null, e.getMessage());
                    return null;
                } finally {
                    client.close();
                }
            }));
        }
        List<McpHttpClient> opened = new ArrayList<>();
        for (Future<McpHttpClient> future : futures) {
            McpHttpClient client = join(future);
            if (client != null) {
                opened.add(client);
            }
        }
        if (refusal.get() != null) {
            say("a session was refused after %d of %d: %s", first + opened.size(), first + count, refusal.get());
        }
        say("%d sessions open", first + opened.size());
        return opened;
    }

    /** Opens the GET stream of each session and hands it to {@code drain}; returns how many opened. */
    private int openStreams(ExecutorService pool, List<McpHttpClient> sessions, StreamDrain drain)
            throws InterruptedException {
        AtomicReference<String> refusal = new AtomicReference<>();
        AtomicInteger opened = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (McpHttpClient session : sessions) {
            futures.add(pool.submit(() -> {
                if (refusal.get() != null) {
                    return;
                }
                try {
                    drain.hold(session.openStream().channel());
                    opened.incrementAndGet();
                } catch (IOException e) {
                    refusal.compareAndSet(null, e.getMessage());
                }
            }));
        }
        for (Future<?> future : futures) {
            join(future);
        }
        if (refusal.get() != null) {
            say("a GET stream was refused after %d of %d: %s", opened.get(), sessions.size(), refusal.get());
        }
        say("%d more streams open (%d in all)", opened.get(), drain.open());
        return opened.get();
    }

    // ---- stateless -----------------------------------------------------------------------------------------------

    private void stateless() throws Exception {
        int concurrency = Integer.parseInt(option("concurrency", "1000"));
        int perAddress = Integer.parseInt(option("per-address", "50"));
        int seconds = Integer.parseInt(option("seconds", "10"));
        int warmup = Integer.parseInt(option("warmup", "20"));
        String era = option("era", McpHttpClient.ERA_2026);
        String tool = option("tool", "test_simple_text");
        String arguments = option("arguments", "{}");
        ProcessCpu cpu = new ProcessCpu(pid);
        List<McpHttpClient> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            clients.add(new McpHttpClient(server, address(3, i / perAddress), path));
        }
        say(
                "stateless: %d connections calling %s in the %s era, %d per client address",
                concurrency, tool, era, perAddress);
        say("warming up for %d s", warmup);
        calls(clients, era, tool, arguments, warmup, cpu);
        CallFigures calls = calls(clients, era, tool, arguments, seconds, cpu);
        out.println("| era | calls in flight | calls/s | p50 (µs) | p99 (µs) | max (µs) | server CPU µs per call "
                + "| failed calls |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        out.printf(
                Locale.ROOT,
                "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %d |%n",
                era,
                concurrency,
                calls.count() / (double) seconds,
                calls.p50(),
                calls.p99(),
                calls.max(),
                calls.cpuMicrosPerCall(),
                calls.failed());
        String prefix = "stateless." + concurrency + ".";
        figure(prefix + "calls_per_s", String.format(Locale.ROOT, "%.0f", calls.count() / (double) seconds));
        figure(prefix + "p50_us", String.format(Locale.ROOT, "%.0f", calls.p50()));
        figure(prefix + "p99_us", String.format(Locale.ROOT, "%.0f", calls.p99()));
        figure(prefix + "cpu_us_per_call", String.format(Locale.ROOT, "%.1f", calls.cpuMicrosPerCall()));
        figure(prefix + "failed", Long.toString(calls.failed()));
        for (McpHttpClient client : clients) {
            client.close();
        }
    }

    // ---- tools/list and a large result ---------------------------------------------------------------------------

    private void toolsList() throws Exception {
        int seconds = Integer.parseInt(option("seconds", "10"));
        int warmup = Integer.parseInt(option("warmup", "10"));
        String counters = option("counters-tool", "jvm_counters");
        int concurrent = Integer.parseInt(option("concurrent-lists", "64"));
        ProcessCpu cpu = new ProcessCpu(pid);
        out.println("| era | tools | answer bytes | lists | p50 (µs) | p99 (µs) | server CPU µs per list "
                + "| bytes allocated per list | heap high-water above live data, " + concurrent
                + " lists at once (KiB) | failed |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String era : List.of(McpHttpClient.ERA_2025, McpHttpClient.ERA_2026)) {
            try (McpHttpClient client = new McpHttpClient(server, address(4, 0), path)) {
                if (McpHttpClient.ERA_2025.equals(era)) {
                    client.initialize();
                }
                RawHttpConnection.Answer first = client.listTools(era);
                String text = first.text();
                int tools = count(text, "\"inputSchema\"");
                one(client, era, warmup, c -> c.listTools(era), cpu);
                long allocatedBefore = counter(client, era, counters, "{}", "allocatedBytes");
                CallFigures lists = one(client, era, seconds, c -> c.listTools(era), cpu);
                long allocatedAfter = counter(client, era, counters, "{}", "allocatedBytes");
                // the counters call itself allocates too: measured once and taken off
                long counterCall = counter(client, era, counters, "{}", "allocatedBytes") - allocatedAfter;
                double perList = (allocatedAfter - allocatedBefore - counterCall) / (double) lists.count();
                double highWaterKib = concurrentHighWater(client, era, counters, concurrent) / 1024.0;
                out.printf(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d |%n",
                        era,
                        tools,
                        first.body().length,
                        lists.count(),
                        lists.p50(),
                        lists.p99(),
                        lists.cpuMicrosPerCall(),
                        perList,
                        highWaterKib,
                        lists.failed());
                String prefix = "tools_list." + era + ".";
                figure(prefix + "tools", Integer.toString(tools));
                figure(prefix + "bytes", Integer.toString(first.body().length));
                figure(prefix + "p50_us", String.format(Locale.ROOT, "%.0f", lists.p50()));
                figure(prefix + "p99_us", String.format(Locale.ROOT, "%.0f", lists.p99()));
                figure(prefix + "cpu_us", String.format(Locale.ROOT, "%.0f", lists.cpuMicrosPerCall()));
                figure(prefix + "allocated_bytes", String.format(Locale.ROOT, "%.0f", perList));
                figure(prefix + "concurrent_heap_high_water_kib", String.format(Locale.ROOT, "%.0f", highWaterKib));
            }
        }
    }

    /**
     * The median over 5 tries of the heap's high-water mark above the live data while {@code concurrent} clients of
     * {@code era}, each on a connection of its own, send one {@code tools/list} at the same moment.
     */
    private long concurrentHighWater(McpHttpClient probe, String era, String counters, int concurrent)
            throws Exception {
        List<McpHttpClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        try {
            for (int i = 0; i < concurrent; i++) {
                McpHttpClient client = new McpHttpClient(server, address(4, 2), path);
                clients.add(client);
                if (McpHttpClient.ERA_2025.equals(era)) {
                    client.initialize();
                }
                client.listTools(era); // each connection open and warm before the measured lists
            }
            long[] highWater = new long[5];
            for (int round = 0; round < highWater.length; round++) {
                long live = counter(probe, era, counters, "{\"reset\":true}", "heapUsed");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<RawHttpConnection.Answer>> answers = new ArrayList<>();
                for (McpHttpClient client : clients) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return client.listTools(era);
                    }));
                }
                start.countDown();
                for (Future<RawHttpConnection.Answer> answer : answers) {
                    if (answer.get().status() != 200) {
                        failed = true;
                    }
                }
                highWater[round] = counter(probe, era, counters, "{}", "heapPeak") - live;
            }
            Arrays.sort(highWater);
            return highWater[highWater.length / 2];
        } finally {
            pool.shutdownNow();
            for (McpHttpClient client : clients) {
                client.close();
            }
        }
    }

    private void largeResult() throws Exception {
        int seconds = Integer.parseInt(option("seconds", "10"));
        int warmup = Integer.parseInt(option("warmup", "10"));
        String tool = option("tool", "large_result");
        String counters = option("counters-tool", "jvm_counters");
        ProcessCpu cpu = new ProcessCpu(pid);
        out.println("| era | answer bytes | calls | p50 (µs) | p99 (µs) | server CPU µs per call "
                + "| bytes allocated per call | heap high-water above live data in one call (KiB) | failed |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String era : List.of(McpHttpClient.ERA_2025, McpHttpClient.ERA_2026)) {
            try (McpHttpClient client = new McpHttpClient(server, address(4, 1), path)) {
                if (McpHttpClient.ERA_2025.equals(era)) {
                    client.initialize();
                }
                RawHttpConnection.Answer first = client.call(era, tool, "{}");
                one(client, era, warmup, c -> c.call(era, tool, "{}"), cpu);
                long allocatedBefore = counter(client, era, counters, "{}", "allocatedBytes");
                CallFigures calls = one(client, era, seconds, c -> c.call(era, tool, "{}"), cpu);
                long allocatedAfter = counter(client, era, counters, "{}", "allocatedBytes");
                // the counters call itself allocates too: measured once and taken off
                long counterCall = counter(client, era, counters, "{}", "allocatedBytes") - allocatedAfter;
                double perCall = (allocatedAfter - allocatedBefore - counterCall) / (double) calls.count();
                long[] highWater = new long[5];
                for (int i = 0; i < highWater.length; i++) {
                    long live = counter(client, era, counters, "{\"reset\":true}", "heapUsed");
                    client.call(era, tool, "{}");
                    highWater[i] = counter(client, era, counters, "{}", "heapPeak") - live;
                }
                Arrays.sort(highWater);
                double highWaterKib = highWater[highWater.length / 2] / 1024.0;
                out.printf(
                        Locale.ROOT,
                        "| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d |%n",
                        era,
                        first.body().length,
                        calls.count(),
                        calls.p50(),
                        calls.p99(),
                        calls.cpuMicrosPerCall(),
                        perCall,
                        highWaterKib,
                        calls.failed());
                String prefix = "large_result." + era + ".";
                figure(prefix + "bytes", Integer.toString(first.body().length));
                figure(prefix + "p50_us", String.format(Locale.ROOT, "%.0f", calls.p50()));
                figure(prefix + "cpu_us", String.format(Locale.ROOT, "%.0f", calls.cpuMicrosPerCall()));
                figure(prefix + "allocated_bytes", String.format(Locale.ROOT, "%.0f", perCall));
                figure(prefix + "heap_high_water_kib", String.format(Locale.ROOT, "%.0f", highWaterKib));
            }
        }
    }

    /** A number named {@code field} in the structured result of the counters tool. */
    private long counter(McpHttpClient client, String era, String tool, String arguments, String field)
            throws IOException {
        String text = client.call(era, tool, arguments).text();
        String key = field + "=";
        int at = text.indexOf(key);
        if (at < 0) {
            throw new IOException("no " + field + " in the answer of " + tool + ": " + text);
        }
        int start = at + key.length();
        int end = start;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) {
            end++;
        }
        return Long.parseLong(text.substring(start, end));
    }

    // ---- calls ---------------------------------------------------------------------------------------------------

    /** What a burst of calls gave. */
    private record CallFigures(
            int count, double p50, double p99, double p999, double max, long failed, double cpuMicrosPerCall) {}

    private interface Request {
        RawHttpConnection.Answer send(McpHttpClient client) throws IOException;
    }

    /** Each of {@code clients} calls {@code tool} one call after the other for {@code seconds}, all at once. */
    private CallFigures calls(
            List<McpHttpClient> clients, String era, String tool, String arguments, int seconds, ProcessCpu cpu)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Latencies> latencies = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> sample = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[1];
        for (McpHttpClient client : clients) {
            Latencies own = new Latencies();
            latencies.add(own);
            Thread thread = new Thread(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long end = window[0];
                        while (System.nanoTime() < end) {
                            long begin = System.nanoTime();
                            try {
                                RawHttpConnection.Answer answer = client.call(era, tool, arguments);
                                long took = System.nanoTime() - begin;
                                if (answer.status() == 200 && answer.text().contains("\"isError\":false")) {
                                    own.add(took);
                                } else {
                                    failures.incrementAndGet();
                                    sample.compareAndSet(
                                            null, "HTTP " + answer.status() + " " + abbreviate(answer.text()));
                                }
                            } catch (IOException e) {
                                failures.incrementAndGet();
                                sample.compareAndSet(null, e.toString());
                            }
                        }
                    },
                    "caller");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        double cpuBefore = cpu.seconds();
        window[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double cpuAfter = cpu.seconds();
        Latencies all = new Latencies();
        latencies.forEach(all::addAll);
        if (sample.get() != null) {
            say(
                    "%d of %d calls in %d s failed; the first: %s",
                    failures.get(), all.count() + failures.get(), seconds, sample.get());
            failed = true;
        }
        int count = all.count() + failures.get();
        return new CallFigures(
                all.count(),
                all.percentileMicros(50),
                all.percentileMicros(99),
                all.percentileMicros(99.9),
                all.percentileMicros(100),
                failures.get(),
                (cpuAfter - cpuBefore) * 1e6 / Math.max(1, count));
    }

    /** One client sending {@code request} one after the other for {@code seconds}. */
    private CallFigures one(McpHttpClient client, String era, int seconds, Request request, ProcessCpu cpu) {
        Latencies latencies = new Latencies();
        long failures = 0;
        double cpuBefore = cpu.seconds();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long begin = System.nanoTime();
            try {
                RawHttpConnection.Answer answer = request.send(client);
                long took = System.nanoTime() - begin;
                if (answer.status() == 200 && !answer.text().contains("\"isError\":true")) {
                    latencies.add(took);
                } else {
                    failures++;
                }
            } catch (IOException e) {
                failures++;
            }
        }
        double cpuAfter = cpu.seconds();
        if (failures > 0) {
            failed = true;
        }
        return new CallFigures(
                latencies.count(),
                latencies.percentileMicros(50),
                latencies.percentileMicros(99),
                latencies.percentileMicros(99.9),
                latencies.percentileMicros(100),
                failures,
                (cpuAfter - cpuBefore) * 1e6 / Math.max(1, latencies.count() + failures));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The loopback address number {@code index} of group {@code group} (127.group.x.y, never 127.0.0.1). */
    private static InetAddress address(int group, int index) {
        if (index >= 250 * 250) {
            throw new IllegalArgumentException("more than 62 500 client addresses");
        }
        try {
            return InetAddress.getByAddress(
                    new byte[] {127, (byte) group, (byte) (index / 250), (byte) (index % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T join(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ').trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String kib(double bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1024);
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private void figure(String name, String value) {
        if (figures == null) {
            return;
        }
        try {
            Files.writeString(
                    figures, name + "\t" + value + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + figures, e);
        }
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println("scale: --" + name + " is required");
            System.exit(2);
        }
        return value;
    }

    private static void say(String format, Object... args) {
        System.err.println("scale: " + String.format(Locale.ROOT, format, args));
    }
}
