import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load and the judgement of scripts/task-durability.sh: an upstream HTTP service that counts every execution of
 * each operation by id, and a client that creates tasks of the 2026-07-28 era over two Bulwark HTTP servers, polls them
 * until each ends, and judges the outcome against the upstream's counts. Run with the JDK's single-file launcher; it
 * needs nothing but the JDK.
 *
 * <pre>
 * java TaskDurabilityDriver.java keys OUT_DIR CALLERS                 # OUT_DIR/api-keys.json and OUT_DIR/keys.txt
 *                                                                      # and OUT_DIR/call-key.txt (one more caller)
 * java TaskDurabilityDriver.java upstream OUT_DIR DELAY_MS            # writes OUT_DIR/upstream.port, serves until killed
 * java TaskDurabilityDriver.java load OUT_DIR TASKS UPSTREAM_URL MCP_URL...
 * java TaskDurabilityDriver.java calls OUT_DIR THREADS LIMIT HEALTH_URLS MCP_URL...
 * </pre>
 *
 * The upstream serves {@code POST /jobs/{id}} (a write that must not run twice), {@code GET /items/{id}} (a read that
 * may), each answering after DELAY_MS, and {@code GET /counts}. The load mode creates TASKS tasks, even ones {@code
 * jobs_createJob}, odd ones {@code jobs_readItem}, each with its own id, spread over the MCP URLs and the callers; it
 * writes OUT_DIR/progress ("created terminal total") after every round of polls and reads OUT_DIR/events (lines
 * "epoch-millis what", written by the script) for the report. It polls each unended task with {@code tasks/get} on its
 * URL (on the next one when TASKS_POLL_ON is "other"), or on another when that one does not answer, until every task
 * ended or DRAIN_LIMIT_S (environment, default 600) passed since the last task was created. The judgement: every task
 * ended; a read ended completed (its tool may repeat, so a run that stopped runs again); a write ended completed, or
 * failed saying its runner stopped; no write reached the upstream twice, and none completed without reaching it. Exit
 * status 0 when it holds. The calls mode is {@link Calls}: plain calls, a session and health, until OUT_DIR/stop-calls
 * exists.
 */
public final class TaskDurabilityDriver {

    static final String ERA = "2026-07-28";
    static final String TASKS_EXTENSION = "io.modelcontextprotocol/tasks";
    static final String WRITE_TOOL = "jobs_createJob";
    static final String READ_TOOL = "jobs_readItem";
    /** The messages of a task failed because its runner stopped: taken over, or its lease ran out. */
    static final List<String> RUNNER_STOPPED = List.of("runner stopped", "server instance running it stopped");

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("keys")) {
            keys(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if (args.length == 3 && args[0].equals("upstream")) {
            upstream(Path.of(args[1]), Long.parseLong(args[2]));
        } else if (args.length >= 6 && args[0].equals("calls")) {
            List<URI> servers = new ArrayList<>();
            for (int i = 5; i < args.length; i++) {
                servers.add(URI.create(args[i]));
            }
            System.exit(new Calls(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    List.of(args[4].split(",")), servers).run());
        } else if (args.length >= 5 && args[0].equals("load")) {
            List<URI> servers = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                servers.add(URI.create(args[i]));
            }
            System.exit(new Load(Path.of(args[1]), Integer.parseInt(args[2]), URI.create(args[3]), servers).run());
        } else {
            System.err.println("usage: TaskDurabilityDriver keys OUT_DIR CALLERS\n"
                    + "       TaskDurabilityDriver upstream OUT_DIR DELAY_MS\n"
                    + "       TaskDurabilityDriver load OUT_DIR TASKS UPSTREAM_URL MCP_URL...\n"
                    + "       TaskDurabilityDriver calls OUT_DIR THREADS LIMIT HEALTH_URLS MCP_URL...");
            System.exit(2);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // API keys: one per caller, the file holds their hashes

    static void keys(Path out, int callers) throws Exception {
        StringBuilder file = new StringBuilder("{\"keys\": [");
        StringBuilder plain = new StringBuilder();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i <= callers; i++) {
            byte[] random = new byte[24];
            new java.security.SecureRandom().nextBytes(random);
            String key = "bwk_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            String hash = "sha256:" + HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
            file.append(i == 0 ? "" : ",").append("{\"subject\": \"caller-").append(i)
                    .append("\", \"scopes\": [\"services:jobs:read\", \"services:jobs:write\","
                            + " \"services:items:read\"], \"hash\": \"")
                    .append(hash).append("\"}");
            if (i < callers) {
                plain.append(key).append('\n');
            } else {
                Files.writeString(out.resolve("call-key.txt"), key + "\n");
            }
        }
        Files.writeString(out.resolve("api-keys.json"), file.append("]}\n").toString());
        Files.writeString(out.resolve("keys.txt"), plain.toString());
    }

    // ------------------------------------------------------------------------------------------------------------
    // The upstream service

    static void upstream(Path out, long delayMillis) throws Exception {
        Map<String, AtomicInteger> jobs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> items = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getPath();
                exchange.getRequestBody().readAllBytes();
                if (path.equals("/health")) {
                    answer(exchange, 200, "{}");
                } else if (path.equals("/counts") && method.equals("GET")) {
                    StringBuilder text = new StringBuilder();
                    jobs.forEach((id, n) -> text.append("job ").append(id).append(' ').append(n.get()).append('\n'));
                    items.forEach((id, n) -> text.append("item ").append(id).append(' ').append(n.get()).append('\n'));
                    answer(exchange, 200, text.toString());
                } else if (path.startsWith("/jobs/") && method.equals("POST")) {
                    String id = path.substring("/jobs/".length());
                    jobs.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                    sleep(delayMillis);
                    answer(exchange, 201, "{\"id\":\"" + id + "\",\"state\":\"created\"}");
                } else if (path.startsWith("/items/") && method.equals("GET")) {
                    String id = path.substring("/items/".length());
                    items.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                    sleep(delayMillis);
                    answer(exchange, 200, "{\"id\":\"" + id + "\",\"name\":\"item " + id + "\"}");
                } else {
                    answer(exchange, 404, "{\"error\":\"no such path\"}");
                }
            } catch (RuntimeException e) {
                System.err.println("upstream: " + e);
            }
        });
        server.start();
        Path port = out.resolve("upstream.port");
        Files.writeString(out.resolve("upstream.port.tmp"), Integer.toString(server.getAddress().getPort()));
        Files.move(out.resolve("upstream.port.tmp"), port, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join();
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The load

    /** One task the load created. */
    static final class Task {
        final int index;
        final boolean write;
        final String id;
        final int server;
        final String key;
        volatile String taskId;
        volatile String status = "creating";
        volatile String message = "";
        volatile boolean errorResult;
        volatile long endedAt;
        /** When its creation was answered with its task id. */
        volatile long createdAt;
        /** Whether a server that did not create it answered that it has no such task. */
        volatile boolean notFoundElsewhere;

        Task(int index, int server, String key) {
            this.index = index;
            this.write = index % 2 == 0;
            this.id = (write ? "j" : "i") + index;
            this.server = server;
            this.key = key;
        }

        boolean ended() {
            return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
        }
    }

    static final class Load {
        final Path out;
        final int count;
        final URI upstream;
        final List<URI> servers;
        final List<String> keys;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final AtomicLong ids = new AtomicLong();
        final AtomicLong busyRefusals = new AtomicLong();
        final Map<String, AtomicLong> otherRefusals = new ConcurrentHashMap<>();
        final AtomicLong notFoundElsewhere = new AtomicLong();
        /** The first answer of a server that did not create a task and found none. */
        final AtomicReference<String> notFoundAnswer = new AtomicReference<>();
        final AtomicLong firstUnavailable = new AtomicLong();
        final AtomicLong lastUnavailable = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final Map<String, AtomicLong> otherErrors = new ConcurrentHashMap<>();
        /** 1 when TASKS_POLL_ON is "other": each task is polled on a server that did not create it. */
        final int pollShift = "other".equals(System.getenv("TASKS_POLL_ON")) ? 1 : 0;

        Load(Path out, int count, URI upstream, List<URI> servers) throws IOException {
            this.out = out;
            this.count = count;
            this.upstream = upstream;
            this.servers = servers;
            this.keys = Files.readAllLines(out.resolve("keys.txt")).stream().filter(line -> !line.isBlank()).toList();
        }

        int run() throws Exception {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                tasks.add(new Task(i, i % servers.size(), keys.get((i / servers.size()) % keys.size())));
            }
            long start = System.currentTimeMillis();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> creations = new ArrayList<>();
            for (Task task : tasks) {
                creations.add(pool.submit(() -> create(task)));
            }
            for (Future<?> creation : creations) {
                creation.get();
            }
            long created = System.currentTimeMillis();
            say("created " + tasks.stream().filter(task -> task.taskId != null).count() + " tasks in "
                    + (created - start) + " ms (" + busyRefusals.get() + " busy refusals retried)");
            progress(tasks);
            long limit = Long.parseLong(System.getenv().getOrDefault("DRAIN_LIMIT_S", "600")) * 1000;
            while (System.currentTimeMillis() - created < limit) {
                List<Future<?>> polls = new ArrayList<>();
                for (Task task : tasks) {
                    if (task.taskId != null && !task.ended()) {
                        polls.add(pool.submit(() -> poll(task)));
                    }
                }
                if (polls.isEmpty()) {
                    break;
                }
                for (Future<?> poll : polls) {
                    poll.get();
                }
                progress(tasks);
                Thread.sleep(1000);
            }
            pool.shutdown();
            long drained = System.currentTimeMillis();
            return judge(tasks, start, created, drained);
        }

        void create(Task task) {
            String params = "{\"name\":\"" + (task.write ? WRITE_TOOL : READ_TOOL) + "\",\"arguments\":{\""
                    + (task.write ? "jobId" : "itemId") + "\":\"" + task.id + "\"}";
            for (int attempt = 0; attempt < 600; attempt++) {
                String answer = request(task.server, "tools/call", task.write ? WRITE_TOOL : READ_TOOL, params,
                        task.key);
                if (answer == null) {
                    sleep(500);
                    continue;
                }
                String taskId = field(answer, "taskId");
                if (taskId != null) {
                    task.taskId = taskId;
                    task.createdAt = System.currentTimeMillis();
                    task.status = "working";
                    return;
                }
                if (answer.contains("\"busy\"") || answer.contains("-32000") || answer.contains("rate_limited")) {
                    if (answer.contains("\"busy\"")) {
                        busyRefusals.incrementAndGet();
                    } else {
                        otherRefusals.computeIfAbsent(answer.contains("rate_limited") ? "rate_limited"
                                : "-32000 unavailable", key -> new AtomicLong()).incrementAndGet();
                    }
                    sleep(Math.max(100, Long.parseLong(
                            firstNonNull(number(answer, "dev.bulwark/retry-after-ms"), "1000"))));
                    continue;
                }
                task.status = "not-created";
                task.message = answer;
                return;
            }
            task.status = "not-created";
            task.message = "no answer to its creation";
        }

        void poll(Task task) {
            String params = "{\"taskId\":\"" + task.taskId + "\"";
            for (int offset = 0; offset < servers.size(); offset++) {
                int server = (task.server + offset + pollShift) % servers.size();
                String answer = request(server, "tasks/get", task.taskId, params, task.key);
                if (answer == null) {
                    continue; // that server does not answer: ask another
                }
                String status = field(answer, "status");
                if (status == null && offset + 1 < servers.size() && server != task.server
                        && !answer.contains("-32000")) {
                    notFoundElsewhere.incrementAndGet(); // kept in its creator's memory: ask that one
                    notFoundAnswer.compareAndSet(null, abbreviate(answer));
                    task.notFoundElsewhere = true;
                    continue;
                }
                if (status == null) {
                    if (answer.contains("-32000")) {
                        unavailable.incrementAndGet(); // Redis is down: ask again next round
                        long now = System.currentTimeMillis();
                        firstUnavailable.compareAndSet(0, now);
                        lastUnavailable.accumulateAndGet(now, Math::max);
                    } else {
                        otherErrors.computeIfAbsent(abbreviate(answer), key -> new AtomicLong()).incrementAndGet();
                    }
                    return;
                }
                if (!status.equals(task.status)) {
                    task.status = status;
                    if (task.ended()) {
                        task.endedAt = System.currentTimeMillis();
                        task.message = firstNonNull(field(answer, "statusMessage"), "");
                        task.errorResult = status.equals("completed") && answer.contains("\"isError\":true");
                        if (task.errorResult) {
                            task.message = abbreviate(answer);
                        }
                    }
                }
                return;
            }
        }

        /** One 2026-07-28 request; its JSON-RPC answer, or null when the server did not answer. */
        String request(int server, String method, String name, String params, String key) {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"" + method
                    + "\",\"params\":" + params + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ERA
                    + "\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"" + TASKS_EXTENSION
                    + "\":{}}}}}}";
            HttpRequest request = HttpRequest.newBuilder(servers.get(server))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", ERA)
                    .header("Mcp-Method", method)
                    .header("Mcp-Name", name)
                    .header("X-API-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (text.stripLeading().startsWith("{")) {
                    return text;
                }
                String last = null;
                for (String line : text.split("\n")) {
                    if (line.startsWith("data:")) {
                        last = line.substring("data:".length()).strip();
                    }
                }
                return last == null ? "(not JSON-RPC) " + text : last;
            } catch (IOException e) {
                unanswered.incrementAndGet();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        void progress(List<Task> tasks) throws IOException {
            long created = tasks.stream().filter(task -> task.taskId != null).count();
            long ended = tasks.stream().filter(Task::ended).count();
            Files.writeString(out.resolve("progress.tmp"), created + " " + ended + " " + tasks.size() + "\n");
            Files.move(out.resolve("progress.tmp"), out.resolve("progress"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        int judge(List<Task> tasks, long start, long created, long drained) throws Exception {
            Map<String, Integer> jobRuns = new TreeMap<>();
            Map<String, Integer> itemRuns = new TreeMap<>();
            String counts = http.send(HttpRequest.newBuilder(upstream.resolve("counts")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : counts.split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && !parts[1].startsWith("c")) {
                    (parts[0].equals("job") ? jobRuns : itemRuns).put(parts[1], Integer.parseInt(parts[2]));
                }
            }
            Map<String, Integer> byStatus = new TreeMap<>();
            Map<String, Integer> byMessage = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            long lastEnded = 0;
            for (Task task : tasks) {
                String kind = task.write ? "write" : "read";
                String status = task.errorResult ? "completed-with-error-result" : task.status;
                byStatus.merge(kind + " " + status, 1, Integer::sum);
                lastEnded = Math.max(lastEnded, task.endedAt);
                if (task.status.equals("failed")) {
                    boolean ran = (task.write ? jobRuns : itemRuns).containsKey(task.id);
                    byMessage.merge(kind + (ran ? " (reached the upstream): " : " (never reached the upstream): ")
                            + task.message, 1, Integer::sum);
                    if (RUNNER_STOPPED.stream().noneMatch(task.message::contains)) {
                        problems.add("task " + task.id + " failed without saying its runner stopped: " + task.message);
                    } else if (!task.write) {
                        problems.add("task " + task.id + " of a repeatable tool failed instead of running again: "
                                + task.message);
                    }
                } else if (!task.status.equals("completed")) {
                    problems.add("task " + task.id + " ended " + task.status + ": " + task.message);
                } else if (task.errorResult) {
                    byMessage.merge(kind + " (completed, error result): " + task.message, 1, Integer::sum);
                }
            }
            int writeRuns = jobRuns.values().stream().mapToInt(Integer::intValue).sum();
            int readRuns = itemRuns.values().stream().mapToInt(Integer::intValue).sum();
            long writesTwice = jobRuns.values().stream().filter(n -> n > 1).count();
            long readsTwice = itemRuns.values().stream().filter(n -> n > 1).count();
            long writesCompletedUnrun = tasks.stream()
                    .filter(task -> task.write && task.status.equals("completed") && !task.errorResult
                            && !jobRuns.containsKey(task.id))
                    .count();
            jobRuns.forEach((id, n) -> {
                if (n > 1) {
                    problems.add("write " + id + " ran " + n + " times");
                }
            });
            if (writesCompletedUnrun > 0) {
                problems.add(writesCompletedUnrun + " writes completed without reaching the upstream");
            }
            List<String> report = new ArrayList<>();
            report.add("tasks: " + tasks.size() + " (" + tasks.stream().filter(task -> task.write).count()
                    + " writes, not repeatable; " + tasks.stream().filter(task -> !task.write).count()
                    + " reads, repeatable)");
            byStatus.forEach((status, n) -> report.add("final status: " + status + ": " + n));
            byMessage.forEach((message, n) -> report.add("message: " + message + ": " + n));
            report.add("upstream executions: writes " + writeRuns + " (" + jobRuns.size() + " ids, " + writesTwice
                    + " ran twice or more), reads " + readRuns + " (" + itemRuns.size() + " ids, " + readsTwice
                    + " ran twice or more)");
            report.add("creation: " + (created - start) + " ms, " + busyRefusals.get() + " busy refusals retried"
                    + (otherRefusals.isEmpty() ? "" : ", and retried after " + new TreeMap<>(otherRefusals)));
            if (pollShift > 0) {
                report.add("tasks/get on the server that did not create the task answered no task, so it was asked"
                        + " of its creator: " + notFoundElsewhere.get());
                List<Task> unseen = tasks.stream().filter(task -> task.notFoundElsewhere).toList();
                if (!unseen.isEmpty()) {
                    long first = unseen.stream().mapToLong(task -> task.createdAt).min().orElseThrow();
                    long last = unseen.stream().mapToLong(task -> task.createdAt).max().orElseThrow();
                    long createdMeanwhile = tasks.stream()
                            .filter(task -> task.taskId != null && task.createdAt >= first && task.createdAt <= last)
                            .count();
                    report.add("tasks the other server did not find: " + unseen.size() + ", created from "
                            + (first - start) + " ms to " + (last - start) + " ms, when " + createdMeanwhile
                            + " tasks were created in all; the first such answer: " + notFoundAnswer.get());
                    Map<Long, int[]> bySecond = new TreeMap<>(); // [not found elsewhere, created]
                    for (Task task : tasks) {
                        if (task.taskId != null) {
                            int[] inSecond = bySecond.computeIfAbsent(
                                    Math.floorDiv(task.createdAt - start, 1000L), second -> new int[2]);
                            inSecond[0] += task.notFoundElsewhere ? 1 : 0;
                            inSecond[1]++;
                        }
                    }
                    StringBuilder seconds = new StringBuilder();
                    bySecond.forEach((second, inSecond) -> seconds.append(' ')
                            .append(second).append("s:").append(inSecond[0]).append('/').append(inSecond[1]));
                    report.add("tasks created in each second since the first creation, not found elsewhere/all:"
                            + seconds);
                }
            }
            report.add("requests without an answer (server killed or down): " + unanswered.get()
                    + "; tasks/get answered unavailable (Redis down): " + unavailable.get()
                    + (firstUnavailable.get() == 0 ? "" : ", from " + (firstUnavailable.get() - start) + " ms to "
                            + (lastUnavailable.get() - start) + " ms"));
            otherErrors.forEach((error, n) -> report.add("other answers without a task: " + n + " x " + error));
            for (String event : readEvents()) {
                String[] parts = event.split(" ", 2);
                report.add("event at " + (Long.parseLong(parts[0]) - start) + " ms: " + parts[1]);
            }
            report.add("last task ended at " + (lastEnded == 0 ? "-" : (lastEnded - start) + " ms")
                    + " after the first creation; polling stopped at " + (drained - start) + " ms");
            report.add(problems.isEmpty() ? "judgement: passed" : "judgement: FAILED (" + problems.size()
                    + " problems)");
            problems.stream().limit(40).forEach(problem -> report.add("  " + problem));
            report.forEach(System.out::println);
            Files.write(out.resolve("report.txt"), report);
            return problems.isEmpty() ? 0 : 1;
        }

        List<String> readEvents() throws IOException {
            Path events = out.resolve("events");
            return Files.exists(events)
                    ? Files.readAllLines(events).stream().filter(line -> !line.isBlank()).toList()
                    : List.of();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Calls beside the tasks: plain tool calls of one caller, one session on both servers, and the servers' health

    /**
     * THREADS loops of plain calls to {@code items_readItem} (each id once, "c" and a number) by the caller of
     * OUT_DIR/call-key.txt, alternating the MCP URLs; one 2025-06-18 session opened on the first URL and used on each
     * in turn every 500 ms (it lives in its instance's memory: the others answer it "not found"); and the {@code redis}
     * component of each HEALTH_URL every 100 ms. It runs until OUT_DIR/stop-calls exists, then prints every answer by
     * kind, the most calls answered with a result (the rate limiter accepted them) in any 60 s (against LIMIT, the
     * per-minute limit, and twice it, the bound across a failover), the session's answers by server, and when each
     * server saw Redis leave and come back, relative to the script's events. Exit status 0 when every call was
     * answered, no 60 s held more than twice LIMIT, and the session answered on its own server after the failover.
     */
    static final class Calls {
        static final String SESSION_ERA = "2025-06-18";
        final Path out;
        final int threads;
        final int limit;
        final List<String> healthUrls;
        final List<URI> servers;
        final String key;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final AtomicLong ids = new AtomicLong();
        final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        final List<Long> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicLong> sessionAnswers = new ConcurrentHashMap<>();
        final Map<String, Long> lastSessionAnswerOk = new ConcurrentHashMap<>();
        final List<String> healthChanges = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile String sessionId;

        Calls(Path out, int threads, int limit, List<String> healthUrls, List<URI> servers) throws IOException {
            this.out = out;
            this.threads = threads;
            this.limit = limit;
            this.healthUrls = healthUrls;
            this.servers = servers;
            this.key = Files.readAllLines(out.resolve("call-key.txt")).get(0).strip();
        }

        boolean stopped() {
            return Files.exists(out.resolve("stop-calls"));
        }

        int run() throws Exception {
            long start = System.currentTimeMillis();
            ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                loops.add(pool.submit(this::callLoop));
            }
            loops.add(pool.submit(this::sessionLoop));
            loops.add(pool.submit(this::healthLoop));
            for (Future<?> loop : loops) {
                loop.get();
            }
            pool.shutdown();
            return judge(start, System.currentTimeMillis());
        }

        Object callLoop() {
            while (!stopped()) {
                long n = ids.incrementAndGet();
                int server = (int) (n % servers.size());
                String params = "{\"name\":\"items_readItem\",\"arguments\":{\"itemId\":\"c" + n + "\"}";
                long sent = System.currentTimeMillis();
                String kind;
                try {
                    HttpResponse<String> response = http.send(post(servers.get(server), params, "tools/call",
                            "items_readItem", null), HttpResponse.BodyHandlers.ofString());
                    kind = kind(response);
                } catch (IOException e) {
                    kind = "no answer: " + e.getClass().getSimpleName();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                answers.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                if (kind.startsWith("result") && !kind.contains("rate_limited")) {
                    accepted.add(sent);
                }
                if (kind.contains("rate_limited")) {
                    sleep(200);
                }
            }
            return null;
        }

        /** What an answer is: a result, a result marked isError, a JSON-RPC error (code and reason), or HTTP. */
        static String kind(HttpResponse<String> response) {
            String body = lastMessage(response.body());
            if (body.contains("\"result\"")) {
                if (!body.contains("\"isError\":true")) {
                    return "result";
                }
                return "result isError: " + firstNonNull(field(body, "dev.bulwark/error-type"), abbreviate(body));
            }
            if (body.contains("\"error\"")) {
                String code = number(body.replace("\"code\":-", "\"code\":"), "code");
                String reason = body.contains("rate_limited") ? "rate_limited"
                        : firstNonNull(field(body, "message"), "");
                return "error -" + code + " " + (reason.length() > 80 ? reason.substring(0, 80) : reason);
            }
            return "HTTP " + response.statusCode() + " " + abbreviate(body);
        }

        static String lastMessage(String text) {
            if (text.stripLeading().startsWith("{")) {
                return text;
            }
            String last = "";
            for (String line : text.split("\n")) {
                if (line.startsWith("data:")) {
                    last = line.substring("data:".length()).strip();
                }
            }
            return last;
        }

        HttpRequest post(URI server, String params, String method, String name, String session) {
            boolean legacy = session != null || method.equals("initialize");
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"" + method
                    + "\",\"params\":" + params
                    + (legacy ? "}}" : ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ERA
                            + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
            HttpRequest.Builder request = HttpRequest.newBuilder(server)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("MCP-Protocol-Version", legacy ? SESSION_ERA : ERA)
                    .header("X-API-Key", key);
            if (!legacy) {
                request.header("Mcp-Method", method).header("Mcp-Name", name);
            }
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            return request.POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        Object sessionLoop() throws InterruptedException {
            try {
                HttpResponse<String> opened = http.send(post(servers.get(0), "{\"protocolVersion\":\"" + SESSION_ERA
                        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"redis-failover\",\"version\":\"1\"}",
                        "initialize", null, null), HttpResponse.BodyHandlers.ofString());
                sessionId = opened.headers().firstValue("Mcp-Session-Id").orElse(null);
                if (sessionId == null) {
                    sessionAnswers.put("no session opened: " + abbreviate(opened.body()), new AtomicLong(1));
                    return null;
                }
                String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
                http.send(HttpRequest.newBuilder(servers.get(0)).header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", SESSION_ERA).header("X-API-Key", key)
                        .header("Mcp-Session-Id", sessionId)
                        .POST(HttpRequest.BodyPublishers.ofString(notification)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                sessionAnswers.put("no session opened: " + e, new AtomicLong(1));
                return null;
            }
            int turn = 0;
            while (!stopped()) {
                int server = turn++ % servers.size();
                String kind;
                try {
                    kind = kind(http.send(post(servers.get(server), "{", "tools/list", null, sessionId),
                            HttpResponse.BodyHandlers.ofString()));
                } catch (IOException e) {
                    kind = "no answer: " + e.getClass().getSimpleName();
                }
                sessionAnswers.computeIfAbsent("server " + (char) ('a' + server) + ": " + kind,
                        k -> new AtomicLong()).incrementAndGet();
                if (kind.equals("result")) {
                    lastSessionAnswerOk.put("server " + (char) ('a' + server), System.currentTimeMillis());
                }
                Thread.sleep(500);
            }
            return null;
        }

        /** /health answers from its last check, renewed once 5 s old, so a shorter failover may not show here. */
        Object healthLoop() throws InterruptedException {
            Pattern redis = Pattern.compile("\"redis\"\\s*:\\s*\"(\\w+)\"");
            String[] last = new String[healthUrls.size()];
            while (!stopped()) {
                for (int i = 0; i < healthUrls.size(); i++) {
                    String status;
                    try {
                        String body = http.send(HttpRequest.newBuilder(URI.create(healthUrls.get(i)))
                                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                        Matcher matcher = redis.matcher(body);
                        status = matcher.find() ? matcher.group(1) : "unknown";
                    } catch (IOException e) {
                        status = "no answer";
                    }
                    if (!status.equals(last[i])) {
                        last[i] = status;
                        healthChanges.add(System.currentTimeMillis() + " " + (char) ('a' + i) + " " + status);
                    }
                }
                Thread.sleep(100);
            }
            return null;
        }

        int judge(long start, long end) throws IOException {
            List<String> report = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            long total = answers.values().stream().mapToLong(AtomicLong::get).sum();
            long unanswered = answers.entrySet().stream().filter(e -> e.getKey().startsWith("no answer"))
                    .mapToLong(e -> e.getValue().get()).sum();
            report.add("calls: " + total + " in " + (end - start) / 1000 + " s over " + servers.size()
                    + " servers, " + (total - unanswered) + " answered");
            new TreeMap<>(answers).forEach((kind, n) -> report.add("call answer: " + kind + ": " + n));
            if (unanswered > 0) {
                problems.add(unanswered + " calls got no answer");
            }
            List<Long> times;
            synchronized (accepted) {
                times = new ArrayList<>(accepted);
            }
            java.util.Collections.sort(times);
            int most = 0;
            long mostAt = 0;
            for (int i = 0, j = 0; i < times.size(); i++) {
                while (times.get(i) - times.get(j) >= 60_000) {
                    j++;
                }
                if (i - j + 1 > most) {
                    most = i - j + 1;
                    mostAt = times.get(j);
                }
            }
            report.add("rate limit: " + limit + " a minute; most calls accepted in any 60 s: " + most
                    + " (the window starting at " + (mostAt - start) + " ms); bound across a failover: " + 2 * limit);
            if (most > 2 * limit) {
                problems.add("the rate limiter accepted " + most + " calls in 60 s, above " + 2 * limit);
            }
            report.add("session: " + (sessionId == null ? "none" : "one, opened on server a"));
            new TreeMap<>(sessionAnswers).forEach((kind, n) -> report.add("session answer: " + kind + ": " + n));
            List<String> events = Files.exists(out.resolve("events"))
                    ? Files.readAllLines(out.resolve("events")).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
            long killedAt = events.stream().filter(e -> e.contains("primary killed"))
                    .mapToLong(e -> Long.parseLong(e.split(" ", 2)[0])).findFirst().orElse(0);
            for (String event : events) {
                String[] parts = event.split(" ", 2);
                report.add("event at " + (Long.parseLong(parts[0]) - start) + " ms: " + parts[1]);
            }
            synchronized (healthChanges) {
                for (String change : healthChanges) {
                    String[] parts = change.split(" ", 3);
                    long at = Long.parseLong(parts[0]);
                    report.add("health of server " + parts[1] + ": redis " + parts[2] + " at " + (at - start) + " ms"
                            + (killedAt > 0 && at >= killedAt ? " (" + (at - killedAt) + " ms after the kill)" : ""));
                }
            }
            Long sessionOk = lastSessionAnswerOk.get("server a");
            if (killedAt > 0 && (sessionOk == null || sessionOk < killedAt)) {
                problems.add("the session got no answer on its own server after the primary was killed");
            }
            report.add(problems.isEmpty() ? "calls judgement: passed"
                    : "calls judgement: FAILED (" + problems.size() + " problems)");
            problems.forEach(problem -> report.add("  " + problem));
            report.forEach(System.out::println);
            Files.write(out.resolve("calls-report.txt"), report);
            return problems.isEmpty() ? 0 : 1;
        }
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String number(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String firstNonNull(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    static void say(String text) {
        System.err.printf("task-durability %tT: %s%n", System.currentTimeMillis(), text);
    }
}
