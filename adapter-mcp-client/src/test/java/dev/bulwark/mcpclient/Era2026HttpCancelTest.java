package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call to an HTTP upstream of the 2026 era that never answers: its timeout and an interrupt of its caller each end
 * it, close its connection and tell the upstream with {@code notifications/cancelled}; the next call is served.
 */
class Era2026HttpCancelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> cancelled = new CopyOnWriteArrayList<>();
    /** Counted down when the connection of a hanging call is closed under it. */
    private final CountDownLatch hangingClosed = new CountDownLatch(1);

    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private McpClientUpstreams upstreams;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", this::answer);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-2026-upstream");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        if (upstreams != null) {
            upstreams.close();
        }
        server.stop(0);
    }

    private void start(Duration timeout) {
        upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(UpstreamSettings.builder("up")
                        .transport("http")
                        .url("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp")
                        .era(UpstreamSettings.Era.V2026_07_28)
                        .timeout(timeout)
                        .build()))
                .environment(Map.of())
                .startTimeout(Duration.ofSeconds(60))
                .build();
        upstreams.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode message = JSON.readTree(exchange.getRequestBody());
            String method = message.path("method").asText();
            if (!message.has("id")) {
                if (method.equals("notifications/cancelled")) {
                    cancelled.add(message.path("params").path("reason").asText());
                }
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            String result = switch (method) {
                case "server/discover" -> "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{}}}";
                case "tools/list" ->
                    "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
                            + "{\"name\":\"hang\",\"inputSchema\":{\"type\":\"object\"}}]}";
                case "tools/call" -> {
                    if (message.path("params").path("name").asText().equals("hang")) {
                        hang(exchange);
                        yield null;
                    }
                    yield "{\"content\":[{\"type\":\"text\",\"text\":\"echoed\"}],\"resultType\":\"complete\"}";
                }
                default -> "{}";
            };
            if (result == null) {
                return;
            }
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":" + result + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Begins an event stream and sends nothing more; a write fails once the client has closed the connection. */
    private void hang(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        InputStream in = exchange.getRequestBody();
        try {
            while (released.getCount() > 0) {
                out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                released.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            hangingClosed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }

    private String echo() {
        return upstreams
                .call("up", "echo", Map.of())
                .content()
                .get(0)
                .get("text")
                .toString();
    }

    @Test
    void aCallPastItsTimeoutEndsClosesItsConnectionAndIsCancelledUpstream() {
        start(Duration.ofMillis(500));

        assertThatThrownBy(() -> upstreams.call("up", "hang", Map.of()))
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.TIMEOUT));

        await().until(() -> hangingClosed.getCount() == 0);
        await().untilAsserted(() -> assertThat(cancelled).containsExactly("timeout"));
        assertThat(echo()).isEqualTo("echoed");
    }

    @Test
    void interruptingTheCallerEndsTheCallClosesItsConnectionAndCancelsItUpstream() throws InterruptedException {
        start(Duration.ofMinutes(5));
        assertThat(echo()).isEqualTo("echoed");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                upstreams.call("up", "hang", Map.of());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        caller.start();
        await().until(() -> upstreams.metricsInUse("up") == 1);

        caller.interrupt();
        caller.join();

        assertThat(failure.get())
                .isInstanceOfSatisfying(
                        UpstreamCallException.class,
                        e -> assertThat(e.failure()).isEqualTo(UpstreamFailure.CANCELLED));
        await().until(() -> hangingClosed.getCount() == 0);
        await().untilAsserted(() -> assertThat(cancelled).containsExactly("cancelled"));
        assertThat(echo()).isEqualTo("echoed");
    }
}
