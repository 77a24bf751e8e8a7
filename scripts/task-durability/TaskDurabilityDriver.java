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
 * java TaskDurabilityDriver.java upstream OUT_DIR DELAY_MS            # writes OUT_DIR/upstream.port, serves until killed
 * java TaskDurabilityDriver.java load OUT_DIR TASKS UPSTREAM_URL MCP_URL...
 * </pre>
 *
 * The upstream serves {@code POST /jobs/{id}} (a write that must not run twice), {@code GET /items/{id}} (a read
 * that may), each answering after DELAY_MS, and {@code GET /counts}. The load mode creates TASKS tasks, even ones
 * {@code jobs_createJob}, odd ones {@code jobs_readItem}, each with its own id, spread over the MCP URLs and the
 * callers; it writes OUT_DIR/progress ("created terminal total") after every round of polls and reads OUT_DIR/events
 * (lines "epoch-millis what", written by the script) for the report. It polls each unended task with {@code tasks/get}
 * on its URL, or on another when that one does not answer, until every task ended or DRAIN_LIMIT_S (environment,
 * default 600) passed since the last task was created. The judgement: every task ended; a read ended completed (its
 * tool may repeat, so a run that stopped runs again); a write ended completed, or failed saying its runner stopped;
 * no write reached the upstream twice, and none completed without reaching it. Exit status 0 when it holds.
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
        } else if (args.length >= 5 && args[0].equals("load")) {
            List<URI> servers = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                servers.add(URI.create(args[i]));
            }
            System.exit(new Load(Path.of(args[1]), Integer.parseInt(args[2]), URI.create(args[3]), servers).run());
        } else {
            System.err.println("usage: TaskDurabilityDriver keys OUT_DIR CALLERS\n"
                    + "       TaskDurabilityDriver upstream OUT_DIR DELAY_MS\n"
                    + "       TaskDurabilityDriver load OUT_DIR TASKS UPSTREAM_URL MCP_URL...");
            System.exit(2);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // API keys: one per caller, the file holds their hashes

    static void keys(Path out, int callers) throws Exception {
        StringBuilder file = new StringBuilder("{\"keys\": [");
        StringBuilder plain = new StringBuilder();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < callers; i++) {
            byte[] random = new byte[24];
            new java.security.SecureRandom().nextBytes(random);
            String key = "bwk_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            String hash = "sha256:" + HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
            file.append(i == 0 ? "" : ",").append("{\"subject\": \"caller-").append(i)
                    .append("\", \"scopes\": [\"services:jobs:read\", \"services:jobs:write\"], \"hash\": \"")
                    .append(hash).append("\"}");
            plain.append(key).append('\n');
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
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final Map<String, AtomicLong> otherErrors = new ConcurrentHashMap<>();

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
                    task.status = "working";
                    return;
                }
                if (answer.contains("\"busy\"")) {
                    busyRefusals.incrementAndGet();
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
                int server = (task.server + offset) % servers.size();
                String answer = request(server, "tasks/get", task.taskId, params, task.key);
                if (answer == null) {
                    continue; // that server does not answer: ask another
                }
                String status = field(answer, "status");
                if (status == null) {
                    if (answer.contains("-32000")) {
                        unavailable.incrementAndGet(); // Redis is down: ask again next round
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
                if (parts.length == 3) {
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
            report.add("creation: " + (created - start) + " ms, " + busyRefusals.get() + " busy refusals retried");
            report.add("requests without an answer (server killed or down): " + unanswered.get()
                    + "; tasks/get answered unavailable (Redis down): " + unavailable.get());
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
