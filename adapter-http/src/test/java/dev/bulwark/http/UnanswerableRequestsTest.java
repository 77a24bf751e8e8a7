package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A request whose answer cannot be produced (the heap runs out while its answer is written, or its handler fails
 * with an {@link Error}) gets a JSON-RPC error answer with its id, counted, on every route: never a 200 whose stream
 * or body ends without an answer.
 */
class UnanswerableRequestsTest {

    private static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    /**
     * A value whose JSON cannot be written once the server serves: the heap runs out, as it does for a huge tool
     * list under load. Not before: JUnit ends the whole run on an {@link OutOfMemoryError} that reaches a test.
     */
    public static final class Bomb {
        static final java.util.concurrent.atomic.AtomicBoolean ARMED = new java.util.concurrent.atomic.AtomicBoolean();

        public String getValue() {
            if (ARMED.get()) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            return "harmless";
        }
    }

    private static McpSchema.Tool bombTool() {
        return McpSchema.Tool.builder("bomb", Map.of("type", "object", "properties", Map.of("x", new Bomb())))
                .description("Its definition cannot be written as JSON")
                .build();
    }

    @Test
    void aToolListThatCannotBeWrittenIsAnsweredWithAnErrorOnItsSessionsEventStream() throws Exception {
        try (Served served = new Served(HttpMode.STATEFUL)) {
            HttpResponse<String> init = served.post(HttpHarness.INITIALIZE, Map.of());
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            Map<String, String> headers = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
            served.post(HttpHarness.INITIALIZED, headers);

            HttpResponse<String> list = served.post(LIST_TOOLS, headers);

            assertAnsweredWithAnError(list);
            served.assertCounted();
        }
    }

    @Test
    void aToolListThatCannotBeWrittenIsAnsweredWithAnErrorWithoutSessions() throws Exception {
        try (Served served = new Served(HttpMode.STATELESS)) {
            HttpResponse<String> list = served.post(LIST_TOOLS, Map.of("MCP-Protocol-Version", "2025-11-25"));

            assertAnsweredWithAnError(list);
            served.assertCounted();
        }
    }

    @Test
    void aRequestOfThe2026EraWhoseHandlerFailsWithAnErrorIsAnsweredWithAnError() throws Exception {
        try (Served served = new Served(HttpMode.STATELESS)) {
            served.serveEra2026((notifications, answer) -> {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            });

            HttpResponse<String> list = served.post2026();

            assertAnsweredWithAnError(list);
            served.assertCounted();
        }
    }

    @Test
    void aRequestOfThe2026EraWhoseAnswerFailsAfterItsStreamStartedEndsTheStreamWithAnError() throws Exception {
        try (Served served = new Served(HttpMode.STATELESS)) {
            served.serveEra2026((notifications, answer) -> {
                notifications.accept("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}");
                answer.completeExceptionally(new OutOfMemoryError("Java heap space (thrown by the test)"));
            });

            HttpResponse<String> list = served.post2026();

            assertThat(list.body()).contains("notifications/progress");
            assertAnsweredWithAnError(list);
            served.assertCounted();
        }
    }

    private static void assertAnsweredWithAnError(HttpResponse<String> response) {
        assertThat(response.body())
                .as("HTTP %d: an answer, not an empty one", response.statusCode())
                .contains("\"id\":2", "\"error\"", "-32603")
                .doesNotContain("thrown by the test", "heap space");
    }

    /** A bare SDK server on a real {@link McpHttpServer} whose one tool's definition cannot be written. */
    private static final class Served implements AutoCloseable {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final McpHttpServer server;
        final AutoCloseable mcp;
        final HttpHarnessClient client = new HttpHarnessClient();

        Served(HttpMode mode) {
            HttpMetrics metrics = new HttpMetrics();
            metrics.bindTo(registry);
            ServerHealthSource health = new ServerHealthSource() {
                @Override
                public ServerHealth serverHealth() {
                    return new ServerHealth(ServerHealth.Status.HEALTHY, false, Map.of());
                }

                @Override
                public Optional<ServerHealth> lastKnownHealth() {
                    return Optional.of(serverHealth());
                }
            };
            MetricsExposition exposition = new MetricsExposition() {
                @Override
                public String contentType() {
                    return "text/plain";
                }

                @Override
                public String scrape() {
                    return "";
                }
            };
            server = McpHttpServer.create(
                    HttpHarness.settings(mode),
                    HttpHarness.MAX_REQUEST_BYTES,
                    new ArgumentsCheckingMapper(),
                    health,
                    exposition,
                    metrics,
                    Ticker.system());
            McpSchema.ServerCapabilities tools =
                    McpSchema.ServerCapabilities.builder().tools(false).build();
            if (mode == HttpMode.STATEFUL) {
                mcp = McpServer.sync(server.sessionTransport())
                        .serverInfo("unanswerable", "1")
                        .capabilities(tools)
                        .tools(McpServerFeatures.SyncToolSpecification.builder()
                                .tool(bombTool())
                                .callHandler((exchange, request) -> null)
                                .build())
                        .build()::close;
            } else {
                mcp = McpServer.sync(server.statelessTransport())
                        .serverInfo("unanswerable", "1")
                        .capabilities(tools)
                        .tools(McpStatelessServerFeatures.SyncToolSpecification.builder()
                                .tool(bombTool())
                                .callHandler((context, request) -> null)
                                .build())
                        .build()::close;
            }
            server.start();
            Bomb.ARMED.set(true);
        }

        /** Serves the 2026 era with {@code serve}. */
        void serveEra2026(java.util.function.BiConsumer<Consumer<String>, CompletableFuture<Era2026Answer>> serve) {
            Era2026Requests requests = new Era2026Requests() {
                @Override
                public boolean claims(String method, Object params, String protocolVersionHeader) {
                    return "2026-07-28".equals(protocolVersionHeader);
                }

                @Override
                public void serve(
                        Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> a) {
                    serve.accept(notifications, a);
                }
            };
            ((dev.bulwark.ports.era2026.ServesEra2026) server.statelessTransport()).serveEra2026With(requests, null);
        }

        HttpResponse<String> post(String body, Map<String, String> headers) {
            return client.post(server, body, headers);
        }

        HttpResponse<String> post2026() {
            return client.post(
                    server,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + META + "}}",
                    Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list"));
        }

        void assertCounted() {
            HttpHarness.eventually(() -> assertThat(registry.find("mcp.errors")
                            .tag("error_type", "http_internal_error")
                            .counter())
                    .as("mcp_errors_total{error_type=\"http_internal_error\"}")
                    .isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0)));
        }

        @Override
        public void close() throws Exception {
            Bomb.ARMED.set(false);
            try {
                mcp.close();
            } finally {
                server.stop();
            }
        }
    }

    /** Raw JSON-RPC POSTs over the JDK's HTTP client. */
    private static final class HttpHarnessClient {
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();

        HttpResponse<String> post(McpHttpServer server, String body, Map<String, String> headers) {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port() + McpHttpServer.MCP_PATH))
                    .timeout(java.time.Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", HttpHarness.ACCEPT_BOTH)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
