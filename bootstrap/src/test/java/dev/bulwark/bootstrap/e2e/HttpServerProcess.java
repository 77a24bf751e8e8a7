package dev.bulwark.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built server started with {@code --http} on free ports, its stderr in a file, and a raw HTTP client to talk
 * to it. The server binds ports the operating system picks ({@code --port any --management-port any}) and names them
 * in its start-up line, which starting waits for (at most two minutes), then until {@code /ready} answers (as long
 * again); closing a server still running first checks
 * that it gave back every MCP connection ({@link #assertConnectionsGivenBack}), then sends SIGTERM and waits.
 */
final class HttpServerProcess implements AutoCloseable {

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    static final String ACCEPT_BOTH = "application/json, text/event-stream";

    /** How long the closing check waits: past the server's 30 s idle timeout, which ends a connection left idle. */
    private static final Duration CONNECTIONS_GIVEN_BACK = Duration.ofSeconds(90);

    /** Generous: a start takes seconds on a quiet machine; the bound only matters when the server never comes up. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern ACTIVE_CONNECTIONS =
            Pattern.compile("^mcp_active_connections(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    final Process process;
    final int port;
    final int managementPort;
    final Path stderr;
    /** Whether the process serves MCP on {@link #port}: the fleet monitor and a worker do not. */
    private final boolean servesMcp;

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private HttpServerProcess(Process process, int port, int managementPort, Path stderr, boolean servesMcp) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.stderr = stderr;
        this.servesMcp = servesMcp;
    }

    /** The reference server from the shaded jar. */
    static HttpServerProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return launch(workDir, List.of("-jar", jar().toString()), env, args);
    }

    /**
     * The reference server from the shaded jar, for a test whose dependencies are down on purpose: waits until it
     * is live ({@code /health}), not ready.
     */
    static HttpServerProcess startDegraded(Path workDir, Map<String, String> env, String... args) throws IOException {
        return launch(workDir, List.of("-jar", jar().toString()), env, "/health", args);
    }

    /** A main class of the test classes, run on the shaded jar plus the test classes. */
    static HttpServerProcess startMain(Path workDir, Class<?> main, Map<String, String> env, String... args)
            throws IOException {
        Path testClasses =
                Path.of(main.getProtectionDomain().getCodeSource().getLocation().getPath());
        String classpath = jar() + java.io.File.pathSeparator + testClasses;
        return launch(workDir, List.of("-cp", classpath, main.getName()), env, args);
    }

    /**
     * The shaded jar as the fleet monitor ({@code --monitor}) on a free port, which {@link #operations} reaches;
     * waits until its {@code /health} answers. It opens no MCP port.
     */
    static HttpServerProcess startMonitor(Path workDir, Map<String, String> env, String... args) throws IOException {
        return launch(
                workDir,
                List.of("-jar", jar().toString()),
                env,
                "/health",
                Role.MONITOR,
                List.of("--monitor-port", "0"),
                args);
    }

    /**
     * The shaded jar as a task worker ({@code --worker}), its management endpoints on a free port, which
     * {@link #operations} reaches; waits until its {@code /ready} answers. It opens no MCP port.
     */
    static HttpServerProcess startWorker(Path workDir, Map<String, String> env, String... args) throws IOException {
        return launch(
                workDir,
                List.of("-jar", jar().toString()),
                env,
                "/ready",
                Role.WORKER,
                List.of("--management-port", "any"),
                args);
    }

    /** What the process is: which flag starts it, and which field of its start-up line names its operations port. */
    private enum Role {
        SERVER(null, "management_port"),
        MONITOR("--monitor", "port"),
        WORKER("--worker", "management_port");

        private final String flag;
        private final String operationsPortField;

        Role(String flag, String operationsPortField) {
            this.flag = flag;
            this.operationsPortField = operationsPortField;
        }

        /** Whether {@code line}, a start-up line naming the operations port, is this role's. */
        private boolean startedBy(JsonNode line) {
            return switch (this) {
                case SERVER -> line.hasNonNull("port");
                case MONITOR -> "monitor".equals(line.path("mode").asText());
                case WORKER -> "worker".equals(line.path("mode").asText());
            };
        }
    }

    private static HttpServerProcess launch(Path workDir, List<String> launch, Map<String, String> env, String... args)
            throws IOException {
        return launch(workDir, launch, env, "/ready", args);
    }

    private static HttpServerProcess launch(
            Path workDir, List<String> launch, Map<String, String> env, String probe, String... args)
            throws IOException {
        return launch(
                workDir,
                launch,
                env,
                probe,
                Role.SERVER,
                // No load balancer polls /ready here: every stop drains at once rather than after the drain delay
                List.of("--http", "--port", "any", "--management-port", "any", "--drain-delay", "0"),
                args);
    }

    private static HttpServerProcess launch(
            Path workDir,
            List<String> launch,
            Map<String, String> env,
            String probe,
            Role role,
            List<String> portFlags,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(launch);
        if (role.flag != null) {
            command.add(role.flag);
        }
        command.addAll(portFlags);
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(workDir, "server-", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            boolean servesMcp = role == Role.SERVER;
            JsonNode started = awaitStartLine(process, stderr, role);
            int port = servesMcp ? started.get("port").asInt() : -1;
            int managementPort = started.get(role.operationsPortField).asInt();
            HttpServerProcess server = new HttpServerProcess(process, port, managementPort, stderr, servesMcp);
            server.awaitUp(probe);
            return server;
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly(); // a server that never came up must not outlive the test
            throw e;
        }
    }

    /** The lines of {@code file} that end in a line break: the process may be writing the last one still. */
    static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }

    /**
     * Waits for the start-up line on {@code stderr}, which names the ports the process bound: {@code port} and
     * {@code management_port} for the server, {@code port} for the monitor, {@code management_port} for a worker.
     */
    private static JsonNode awaitStartLine(Process process, Path stderr, Role role) throws IOException {
        String field = role.operationsPortField;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean exited = !process.isAlive();
            for (String line : completeLines(stderr)) {
                if (line.startsWith("{") && line.contains("\"" + field + "\"")) {
                    JsonNode json = JSON.readTree(line);
                    if (json.hasNonNull(field) && role.startedBy(json)) {
                        return json;
                    }
                }
            }
            if (exited) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            sleep(50);
        }
        throw new IllegalStateException("The server named no ports within " + START_TIMEOUT.toSeconds() + " s: "
                + Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("bulwark.server.jar", "target/bulwark-server.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The shaded server jar is built before integration tests: " + jar);
        }
        return jar;
    }

    private void awaitUp(String probe) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + ": " + stderrText());
            }
            try {
                if (get(operations(probe)).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYetListening) {
                // still starting
            }
            sleep(100);
        }
        throw new IllegalStateException(
                "The server was not ready within " + START_TIMEOUT.toSeconds() + " s: " + stderrText());
    }

    String mcpUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI mcp() {
        return URI.create(mcpUrl() + "/mcp");
    }

    URI operations(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /**
     * Waits until the server's Redis circuit breaker is closed: on a loaded machine its first commands may time out
     * and open it, and what it serves meanwhile stays on this instance, as the docs say of Redis down.
     */
    void awaitRedisBreakerClosed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = get(operations("/metrics")).body();
            boolean closed = metrics.lines()
                    .anyMatch(line -> line.startsWith("bulwark_redis_circuit_breaker_state{")
                            && line.contains("state=\"closed\"")
                            && line.endsWith(" 1.0"));
            if (closed) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("within 90 s: the Redis circuit breaker is closed; /metrics was:\n" + metrics);
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    HttpResponse<String> post(String body, Map<String, String> headers) {
        Map<String, String> all =
                new LinkedHashMap<>(Map.of("Content-Type", "application/json", "Accept", ACCEPT_BOTH));
        all.putAll(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        all.forEach(request::header);
        return send(request.build());
    }

    HttpResponse<String> delete(String sessionId) {
        return send(HttpRequest.newBuilder(mcp())
                .timeout(Duration.ofSeconds(30))
                .header("Mcp-Session-Id", sessionId)
                .DELETE()
                .build());
    }

    /** Initializes a session over raw HTTP; returns the response (the session id is in its header). */
    HttpResponse<String> initialize() {
        return post(INITIALIZE, Map.of());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String stderrText() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** Sends SIGTERM and waits at most {@code timeout} for the exit code, or -1 when it did not exit. */
    int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code mcp_active_connections} is back to zero, or fails naming what it still counts. The gauge
     * counts the MCP port only, so the scrape itself (on the management port) is not in it. Every connection a test
     * opened must have ended by then: the test's clients close theirs (the JDK's pooled ones within a second, see
     * the failsafe configuration), and the server's idle timeout ends any left idle; a connection whose response
     * never completes stays counted.
     */
    void assertConnectionsGivenBack() {
        long deadline = System.nanoTime() + CONNECTIONS_GIVEN_BACK.toNanos();
        double active = activeConnections();
        while (active != 0 && System.nanoTime() < deadline) {
            sleep(200);
            active = activeConnections();
        }
        if (active != 0) {
            throw new AssertionError(
                    "mcp_active_connections is " + active + ", not 0, " + CONNECTIONS_GIVEN_BACK.toSeconds()
                            + " s after the test's clients were done: a connection was not given back");
        }
    }

    /** The value of {@code mcp_active_connections} on {@code /metrics}. */
    private double activeConnections() {
        String metrics = get(operations("/metrics")).body();
        Matcher value = ACTIVE_CONNECTIONS.matcher(metrics);
        if (!value.find()) {
            throw new AssertionError("no mcp_active_connections on /metrics:\n" + metrics);
        }
        return Double.parseDouble(value.group(1));
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() && servesMcp) {
                assertConnectionsGivenBack();
            }
        } finally {
            stop();
        }
    }

    private void stop() {
        try {
            if (process.isAlive() && terminate(Duration.ofSeconds(45)) < 0) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
