package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.ServesEra2026;
import dev.bulwark.ports.health.ComponentStatus;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import reactor.core.publisher.Mono;

/**
 * A real {@link McpHttpServer} on free ports, serving a bare SDK server with five tools (echo, whoami, slow, ask: a
 * sampling request to the client, and progress: a progress notification, then as slow; stateless: echo, whoami and slow), with a switchable health source and a fixed metrics text, and a
 * raw HTTP client to drive it header by header. Its JSON mapper refuses a {@code tools/call} whose arguments are
 * not an object, as Bulwark's params check does ({@link ArgumentsCheckingMapper}). {@link #withAsyncTool} serves,
 * instead, a bare async SDK server with one async tool, {@code later}, answered when the test completes
 * {@link #later}.
 */
public final class HttpHarness implements AutoCloseable {

    public static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    public static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    public static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    public static final String ACCEPT_BOTH = "application/json, text/event-stream";
    public static final ObjectMapper JSON = new ObjectMapper();

    public final McpHttpServer server;
    /** The JSON mapper the server reads and writes with. */
    public final ArgumentsCheckingMapper jsonMapper = new ArgumentsCheckingMapper();

    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final AtomicReference<ServerHealth> health = new AtomicReference<>(
            new ServerHealth(ServerHealth.Status.HEALTHY, false, Map.of("cache", ComponentStatus.UP)));
    /** How long a check of the dependencies takes (readiness runs one; liveness must not). */
    public final AtomicLong checkMillis = new AtomicLong();

    public final CountDownLatch slowStarted = new CountDownLatch(1);
    public final CountDownLatch slowRelease = new CountDownLatch(1);
    /** Counted down when the async tool {@code later} is called ({@link #withAsyncTool}). */
    public final CountDownLatch laterCalled = new CountDownLatch(1);
    /** The answer of the async tool {@code later}, for the test to complete, from any thread. */
    public final CompletableFuture<CallToolResult> later = new CompletableFuture<>();

    /**
     * How long the harness's client waits for a connection or a response: far beyond what a request takes on a busy
     * machine (a test that holds calls counts its holding in it), so that only a server that never answers reaches it.
     */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    public final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(PATIENCE)
            .build();
    private final AutoCloseable mcp;

    /** The body limit of a harness unless a test names its own. */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    private HttpHarness(HttpSettings settings, HttpAuthSettings auth, Ticker ticker) {
        this(settings, MAX_REQUEST_BYTES, auth, ticker, false);
    }

    private HttpHarness(
            HttpSettings settings, long maxRequestBytes, HttpAuthSettings auth, Ticker ticker, boolean asyncTool) {
        HttpMetrics metrics = new HttpMetrics();
        metrics.bindTo(registry);
        MetricsExposition exposition = new MetricsExposition() {
            @Override
            public String contentType() {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public String scrape() {
                return "# TYPE test_metric gauge\ntest_metric 1.0\n";
            }
        };
        ServerHealthSource source = new ServerHealthSource() {
            @Override
            public ServerHealth serverHealth() {
                pauseFor(checkMillis.get());
                return health.get();
            }

            @Override
            public Optional<ServerHealth> lastKnownHealth() {
                return Optional.of(health.get());
            }
        };
        server = McpHttpServer.create(settings, maxRequestBytes, auth, jsonMapper, source, exposition, metrics, ticker);
        if (asyncTool) {
            mcp = asyncServer(settings.mode());
        } else if (settings.mode() == HttpMode.STATEFUL) {
            McpSyncServer sync = McpServer.sync(server.sessionTransport())
                    .serverInfo("harness", "1")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(false).build())
                    // A request to the client waits far longer than any test does: a thread held by one shows as
                    // an answer that never comes, not as a slow one.
                    .requestTimeout(Duration.ofMinutes(5))
                    .tools(statefulTools())
                    .build();
            mcp = sync::close;
        } else {
            McpStatelessSyncServer sync = McpServer.sync(server.statelessTransport())
                    .serverInfo("harness", "1")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(false).build())
                    .tools(statelessTools())
                    .build();
            mcp = sync::close;
        }
        server.start();
    }

    private static void pauseFor(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static HttpHarness start(UnaryOperator<HttpSettings> customize) {
        return start(customize, Ticker.system());
    }

    public static HttpHarness start(UnaryOperator<HttpSettings> customize, Ticker ticker) {
        return new HttpHarness(customize.apply(settings(HttpMode.STATEFUL)), HttpAuthSettings.off(), ticker);
    }

    /** A stateful harness accepting bodies up to {@code maxRequestBytes}, on the settings {@code customize} makes. */
    public static HttpHarness start(long maxRequestBytes, UnaryOperator<HttpSettings> customize) {
        return new HttpHarness(
                customize.apply(settings(HttpMode.STATEFUL)),
                maxRequestBytes,
                HttpAuthSettings.off(),
                Ticker.system(),
                false);
    }

    /** A harness whose callers must authenticate as {@code auth} says, on {@code port} (0 = any free port). */
    public static HttpHarness withAuth(HttpMode mode, int port, HttpAuthSettings auth) {
        return new HttpHarness(settings(mode).toBuilder().port(port).build(), auth, Ticker.system());
    }

    /** A stateful harness on {@code settings} whose callers must authenticate as {@code auth} says. */
    public static HttpHarness withAuth(UnaryOperator<HttpSettings> customize, HttpAuthSettings auth) {
        return new HttpHarness(customize.apply(settings(HttpMode.STATEFUL)), auth, Ticker.system());
    }

    public static HttpHarness stateless() {
        return new HttpHarness(settings(HttpMode.STATELESS), HttpAuthSettings.off(), Ticker.system());
    }

    /** A harness in {@code mode} serving a bare async SDK server whose one tool, {@code later}, answers {@link #later}. */
    public static HttpHarness withAsyncTool(HttpMode mode) {
        return withAsyncTool(mode, settings -> settings);
    }

    /** As {@link #withAsyncTool(HttpMode)}, on the settings {@code customize} makes of the defaults. */
    public static HttpHarness withAsyncTool(HttpMode mode, UnaryOperator<HttpSettings> customize) {
        return new HttpHarness(
                customize.apply(settings(mode)), MAX_REQUEST_BYTES, HttpAuthSettings.off(), Ticker.system(), true);
    }

    /** How many connections the server reads now: idle ones for their next request, slow answers' for a close. */
    public long connectionsRead() {
        return server.connectionsRead();
    }

    /** Cuts the idle timeout of every connection open on the MCP port now to {@code timeout}. */
    public void idleTimeoutOfOpenConnections(Duration timeout) {
        server.idleTimeoutOfOpenConnections(timeout);
    }

    /** {@code mcp_active_connections} now. */
    public double activeConnections() {
        return registry.get("mcp.active.connections").gauge().value();
    }

    public static HttpSettings settings(HttpMode mode) {
        return HttpSettings.builder()
                .port(0)
                .managementPort(HttpSettings.ANY_FREE_PORT)
                .mode(mode)
                .sessionIdleTimeout(Duration.ofMinutes(5))
                .maxSessions(100)
                .maxConnections(100)
                .caller(Principal.of("http-tester", "tools:read"))
                .build();
    }

    public URI mcpUri() {
        return URI.create("http://127.0.0.1:" + server.port() + McpHttpServer.MCP_PATH);
    }

    public URI operations(String path) {
        return URI.create("http://127.0.0.1:" + server.managementPort() + path);
    }

    public HttpResponse<String> post(String body, Map<String, String> headers) {
        return post(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Posts {@code body} as it is (bytes that need not be UTF-8), as JSON accepting both types, plus {@code headers}. */
    public HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(mcpUri()).timeout(PATIENCE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> all =
                new LinkedHashMap<>(Map.of("Content-Type", "application/json", "Accept", ACCEPT_BOTH));
        all.putAll(headers);
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts a {@code tools/list} request padded to about {@code padding} bytes, chunked (no length, as a stream) or
     * with its {@code Content-Length}.
     */
    public HttpResponse<String> postPadded(int padding, boolean chunked) {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"pad\":\""
                        + "x".repeat(padding) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(mcpUri())
                .timeout(PATIENCE)
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_BOTH)
                .POST(
                        chunked
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(PATIENCE).GET().build());
    }

    public HttpResponse<String> delete(String sessionId) {
        return send(HttpRequest.newBuilder(mcpUri())
                .timeout(PATIENCE)
                .header("Mcp-Session-Id", sessionId)
                .DELETE()
                .build());
    }

    /** Sends {@code request} (CRLF line ends, {@code Connection: close}) over a plain socket; returns all it got. */
    public String raw(String request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Initializes a session over raw HTTP and returns its id. */
    public String initialize() {
        HttpResponse<String> response = post(INITIALIZE, Map.of());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("initialize answered " + response.statusCode() + ": " + response.body());
        }
        String sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(INITIALIZED, Map.of("Mcp-Session-Id", sessionId, "MCP-Protocol-Version", "2025-11-25"));
        return sessionId;
    }

    public HttpResponse<String> callTool(String sessionId, String tool, Map<String, String> extraHeaders) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        headers.put("MCP-Protocol-Version", "2025-11-25");
        return post(body, headers);
    }

    /**
     * Runs {@code assertion} until it passes, for at most {@link #PATIENCE}: for what the server records after the
     * client already has its response (metrics, session eviction), or what another thread is bringing about.
     */
    public static void eventually(Runnable assertion) {
        eventually(PATIENCE, assertion);
    }

    /** Runs {@code assertion} until it passes, for at most {@code patience}. */
    public static void eventually(Duration patience, Runnable assertion) {
        Awaitility.await()
                .atMost(patience)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .pollInSameThread()
                .ignoreExceptions()
                .untilAsserted(assertion::run);
    }

    /** The JSON-RPC message of a response: the JSON body, or the first {@code data:} line of an SSE body. */
    public static JsonNode message(HttpResponse<String> response) {
        String body = response.body();
        try {
            if (body.startsWith("{")) {
                return JSON.readTree(body);
            }
            for (String line : body.split("\n")) {
                if (line.startsWith("data:") && !line.substring(5).isBlank()) { // not a priming event
                    return JSON.readTree(line.substring(5).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No JSON-RPC message in: " + body);
    }

    /** The text of the first content of a tools/call result. */
    public static String toolText(HttpResponse<String> response) {
        return message(response)
                .path("result")
                .path("content")
                .path(0)
                .path("text")
                .asText();
    }

    private AutoCloseable asyncServer(HttpMode mode) {
        McpSchema.Tool tool = tool("later");
        if (mode == HttpMode.STATEFUL) {
            McpAsyncServer async = McpServer.async(server.sessionTransport())
                    .serverInfo("harness", "1")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(false).build())
                    .tools(McpServerFeatures.AsyncToolSpecification.builder()
                            .tool(tool)
                            .callHandler((exchange, request) -> later())
                            .build())
                    .build();
            return async::close;
        }
        McpStatelessAsyncServer async = McpServer.async(server.statelessTransport())
                .serverInfo("harness", "1")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new McpStatelessServerFeatures.AsyncToolSpecification(tool, (context, request) -> later()))
                .build();
        return async::close;
    }

    private Mono<CallToolResult> later() {
        laterCalled.countDown();
        return Mono.fromFuture(later);
    }

    private List<McpServerFeatures.SyncToolSpecification> statefulTools() {
        return List.of(
                stateful("echo", context -> "echo"),
                stateful("whoami", HttpHarness::whoami),
                stateful("slow", context -> slow()),
                McpServerFeatures.SyncToolSpecification.builder()
                        .tool(tool("ask"))
                        .callHandler((exchange, request) -> {
                            McpSchema.CreateMessageResult answer =
                                    exchange.createMessage(McpSchema.CreateMessageRequest.builder(
                                                    List.of(new McpSchema.SamplingMessage(
                                                            McpSchema.Role.USER,
                                                            McpSchema.TextContent.builder("hi")
                                                                    .build())),
                                                    10)
                                            .build());
                            return text("asked: " + ((McpSchema.TextContent) answer.content()).text());
                        })
                        .build(),
                McpServerFeatures.SyncToolSpecification.builder()
                        .tool(tool("progress"))
                        .callHandler((exchange, request) -> {
                            exchange.progressNotification(
                                    new McpSchema.ProgressNotification("p1", 0.5, 1.0, "half way"));
                            return text(slow());
                        })
                        .build());
    }

    private List<McpStatelessServerFeatures.SyncToolSpecification> statelessTools() {
        return List.of(
                new McpStatelessServerFeatures.SyncToolSpecification(tool("echo"), (context, request) -> text("echo")),
                new McpStatelessServerFeatures.SyncToolSpecification(
                        tool("whoami"), (context, request) -> text(whoami(context))),
                new McpStatelessServerFeatures.SyncToolSpecification(tool("slow"), (context, request) -> text(slow())));
    }

    private static McpServerFeatures.SyncToolSpecification stateful(
            String name, java.util.function.Function<McpTransportContext, String> answer) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool(name))
                .callHandler((exchange, request) -> text(answer.apply(exchange.transportContext())))
                .build();
    }

    private static McpSchema.Tool tool(String name) {
        return McpSchema.Tool.builder(name, Map.of("type", "object"))
                .description(name)
                .build();
    }

    /** Serves the 2026 era through {@code requests}, as {@code Bulwark.serve} does with the server's transport. */
    public void serveEra2026With(Era2026Requests requests) {
        Object transport = server.mode() == HttpMode.STATEFUL ? server.sessionTransport() : server.statelessTransport();
        ((ServesEra2026) transport).serveEra2026With(requests, null);
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(text).build()))
                .isError(false)
                .build();
    }

    private static String whoami(McpTransportContext context) {
        RequestOrigin origin = RequestOrigin.from(context::get);
        String subject = origin.caller().map(Principal::subject).orElse("none");
        return subject + " " + origin.clientRequestId().orElse(null);
    }

    private String slow() {
        slowStarted.countDown();
        try {
            // held until the test releases it, or closes the harness: a busy machine may take long to get there
            if (!slowRelease.await(5, TimeUnit.MINUTES)) {
                return "timed out";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return "slow done";
    }

    /**
     * Releases the calls the tools hold, checks that the MCP port gives back every connection (see
     * {@link #assertConnectionsGivenBack}), then stops the server.
     *
     * @throws AssertionError when a connection stays counted
     */
    @Override
    public void close() {
        slowRelease.countDown();
        later.complete(text("released"));
        try {
            assertConnectionsGivenBack();
        } finally {
            stop();
        }
    }

    /**
     * Checks that every connection of the MCP port is given back, in {@code mcp_active_connections} and in its
     * address's share: once every open connection's idle timeout is cut short, each one ends that only waits for
     * its client (an idle keep-alive connection, a stream the server would keep writing to), so the counts must
     * come back to zero; a connection whose response never completes stays counted, and fails the check.
     */
    public void assertConnectionsGivenBack() {
        eventually(PATIENCE, () -> {
            // cut short again at every look: a connection the connector listed late is cut short too
            server.idleTimeoutOfOpenConnections(Duration.ofMillis(100));
            assertThat(activeConnections())
                    .as("mcp_active_connections once every client has gone")
                    .isZero();
            assertThat(server.connectionsPerAddress())
                    .as("connections counted per address")
                    .isEmpty();
        });
    }

    private void stop() {
        try {
            mcp.close();
        } catch (Exception e) {
            // best effort
        }
        server.stop();
    }
}
