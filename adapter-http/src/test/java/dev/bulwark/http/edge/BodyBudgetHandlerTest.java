package dev.bulwark.http.edge;

import static dev.bulwark.http.HttpHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.exchange.ExchangeHandler;
import dev.bulwark.http.exchange.McpExchange;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.http.transport.HandlerServer;
import dev.bulwark.ports.time.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The body budget at the edge, on a real Jetty server: the exchange, the budget, then a stand-in for the transport
 * that holds a call whose body says {@code hold} until released.
 */
class BodyBudgetHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Room for one {@link #body} at a time. */
    private static final int BUDGET = 150;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();
    private final BodyBudget budget = new BodyBudget(BUDGET, 4);
    private HandlerServer http;

    private void start(Duration patience) {
        HttpMetrics metrics = new HttpMetrics();
        metrics.bindTo(registry);
        ExchangeHandler exchange =
                new ExchangeHandler(metrics, Ticker.system(), 1024 * 1024, new JacksonMcpJsonMapper(JSON));
        BodyBudgetHandler bodies = new BodyBudgetHandler(budget, patience);
        exchange.setHandler(bodies);
        bodies.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = new String(McpExchange.of(callback).body(), StandardCharsets.UTF_8);
                if (body.contains("hold")) {
                    holding.incrementAndGet();
                    release.await(30, TimeUnit.SECONDS);
                }
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        http = new HandlerServer(exchange);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (http != null) {
            http.close();
        }
    }

    /** A JSON body of about 100 bytes: more than half the budget. */
    private static String body(String word) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + word
                + "\",\"pad\":\"" + "x".repeat(30) + "\"}}";
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String body) {
        return http.client.sendAsync(http.post(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodyThatDoesNotFitBesideOneInProgressWaitsAndIsServedWhenThatEnds() throws Exception {
        start(Duration.ofSeconds(20));
        CompletableFuture<HttpResponse<String>> first = sendAsync(body("hold"));
        eventually(() -> assertThat(holding.get()).isEqualTo(1));

        CompletableFuture<HttpResponse<String>> second = sendAsync(body("next"));
        eventually(() -> assertThat(budget.waiting()).isEqualTo(1));
        assertThat(second).isNotDone();
        release.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        eventually(() -> assertThat(budget.held()).as("every byte given back").isZero());
    }

    @Test
    void aBodyThatFindsNoRoomInTimeGets503SayingTheServerIsBusyAndIsCounted() throws Exception {
        start(Duration.ofMillis(100));
        CompletableFuture<HttpResponse<String>> first = sendAsync(body("hold"));
        eventually(() -> assertThat(holding.get()).isEqualTo(1));

        HttpResponse<String> refused = http.send(http.post(body("next")).build());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(JsonRpcErrors.SERVER_UNAVAILABLE);
        assertThat(error.path("message").asText()).contains("busy", "did not run");
        assertThat(registry.get("mcp.errors")
                        .tag("error_type", "http_busy")
                        .counter()
                        .count())
                .isEqualTo(1);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyIsCountedAtItsSizeOnceRead() throws Exception {
        start(Duration.ofMillis(100));
        byte[] bytes = body("hold").getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = http.post("")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .build();
        CompletableFuture<HttpResponse<String>> first =
                http.client.sendAsync(chunked, HttpResponse.BodyHandlers.ofString());
        eventually(() -> assertThat(holding.get()).isEqualTo(1));

        assertThat(budget.held()).isEqualTo(bytes.length);
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        eventually(() -> assertThat(budget.held()).isZero());
    }

    @Test
    void theClientsAnswersAndNotificationsPassAFullBudgetWhileARequestWaits() throws Exception {
        start(Duration.ofMillis(100));
        budget.take(BUDGET, Duration.ZERO); // a call holding every byte, waiting for its client's answer

        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"server-1\",\"result\":{\"action\":\"accept\"}}";
        String cancelled =
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{" + "\"requestId\":1}}";

        assertThat(http.send(http.post(answer).build()).statusCode()).isEqualTo(200);
        assertThat(http.send(http.post(cancelled).build()).statusCode()).isEqualTo(200);
        assertThat(http.send(http.post(body("next")).build()).statusCode()).isEqualTo(503);
        assertThat(budget.held()).as("the answers took nothing").isEqualTo(BUDGET);
    }

    @Test
    void aDeclaredBodyIsCountedWhileItIsReadSoBodiesBeingReadAreBoundedToo() throws Exception {
        start(Duration.ofSeconds(20));
        byte[] bytes = body("hold").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", http.uri().getPort())) {
            OutputStream out = partOfABody(socket, bytes);
            assertThat(holding.get()).as("not read yet").isZero();

            out.write(bytes, 10, bytes.length - 10);
            out.flush();
            eventually(() -> assertThat(holding.get()).isEqualTo(1));
            assertThat(budget.held()).isEqualTo(bytes.length);
        }
    }

    @Test
    void aDeclaredBodyStillArrivingAfterASecondGivesItsRoomBackUntilItIsIn() throws Exception {
        start(Duration.ofSeconds(20));
        byte[] bytes = body("hold").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", http.uri().getPort())) {
            OutputStream out = slowBodyWithoutItsRoom(socket, bytes);

            assertThat(http.send(http.post(body("next")).build()).statusCode())
                    .as("another body is served in the room the slow one gave back")
                    .isEqualTo(200);

            out.write(bytes, 10, bytes.length - 10);
            out.flush();
            eventually(() -> assertThat(holding.get()).isEqualTo(1));
            assertThat(budget.held()).as("counted again once in").isEqualTo(bytes.length);
            release.countDown();
            assertThat(statusLine(socket)).contains(" 200 ");
        }
        eventually(() -> assertThat(budget.held()).isZero());
    }

    @Test
    void aSlowBodyThatFindsNoRoomOnceInGets503SayingTheServerIsBusy() throws Exception {
        start(Duration.ofMillis(300));
        byte[] bytes = body("slow").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", http.uri().getPort())) {
            OutputStream out = slowBodyWithoutItsRoom(socket, bytes);
            CompletableFuture<HttpResponse<String>> holder = sendAsync(body("hold"));
            eventually(() -> assertThat(holding.get()).isEqualTo(1));

            out.write(bytes, 10, bytes.length - 10);
            out.flush();

            assertThat(statusLine(socket)).contains(" 503 ");
            assertThat(registry.get("mcp.errors")
                            .tag("error_type", "http_busy")
                            .counter()
                            .count())
                    .isEqualTo(1);
            release.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        eventually(() -> assertThat(budget.held()).isZero());
    }

    /** Sends the head of a POST declaring {@code bytes} and its first 10 bytes, once the body holds its room. */
    private OutputStream partOfABody(Socket socket, byte[] bytes) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, 10);
        out.flush();
        eventually(() -> assertThat(budget.held()).as("the body's room, taken").isEqualTo(bytes.length));
        return out;
    }

    /**
     * Sends part of a body ({@link #partOfABody}) and then nothing: the body gives its room back a second after its
     * read first waited, with no byte to wake the reader.
     */
    private OutputStream slowBodyWithoutItsRoom(Socket socket, byte[] bytes) throws Exception {
        OutputStream out = partOfABody(socket, bytes);
        eventually(() ->
                assertThat(budget.held()).as("the slow body's room, given back").isZero());
        return out;
    }

    private static String statusLine(Socket socket) throws Exception {
        socket.setSoTimeout((int) HttpHarness.PATIENCE.toMillis());
        return new java.io.BufferedReader(
                        new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
    }

    @Test
    void aGetCarriesNoBodyAndPassesAFullBudget() throws Exception {
        start(Duration.ofMillis(100));
        budget.take(BUDGET, Duration.ZERO);

        HttpResponse<String> get =
                http.send(HttpRequest.newBuilder(http.uri()).GET().build());

        assertThat(get.statusCode()).isEqualTo(200);
    }
}
