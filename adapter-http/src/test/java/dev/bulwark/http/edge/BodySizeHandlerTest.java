package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Oversized, malformed and mistyped bodies: the right 4xx with a JSON-RPC error, and the next request served. */
class BodySizeHandlerTest {

    private static final int LIMIT = 4096;
    private static final int LARGE_LIMIT = 256 * 1024;

    private static String oversized() {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"pad\":\"" + "x".repeat(LIMIT)
                + "\"}}";
    }

    @Test
    void declaredOversizedBodyGets413WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings.withMaxRequestBytes(LIMIT))) {
            HttpResponse<String> response = harness.post(oversized(), Map.of());

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(HttpHarness.message(response).path("error").path("message").asText())
                    .contains("too large", Integer.toString(LIMIT));
        }
    }

    @Test
    void chunkedOversizedBodyGets413WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.postPadded(64 * 1024 + 512, true); // the harness's limit: 64 KiB

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(HttpHarness.message(response).path("error").path("code").asInt())
                    .isEqualTo(JsonRpcErrors.INVALID_REQUEST);
            assertThat(HttpHarness.message(response).path("error").path("message").asText())
                    .contains("too large", "limits.max-request-size");
            assertThat(response.body()).doesNotContain("stackTrace");
        }
    }

    @Test
    void chunkedBodyFourTimesTheLimitStillGets413NotAReset() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings.withMaxRequestBytes(LARGE_LIMIT))) {
            // The client is still sending when the server refuses; without reading the rest the server would close
            // on unread bytes and the client could get a reset instead of its 413 (one request in twelve, tried at
            // 1 MiB against a 64 KiB limit).
            for (int i = 0; i < 15; i++) {
                assertThat(harness.postPadded(4 * LARGE_LIMIT - 100, true).statusCode()).isEqualTo(413);
            }
        }
    }

    @Test
    void declaredBodyFourTimesTheLimitStillGets413NotAReset() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings.withMaxRequestBytes(LARGE_LIMIT))) {
            for (int i = 0; i < 15; i++) {
                assertThat(harness.postPadded(4 * LARGE_LIMIT - 100, false).statusCode()).isEqualTo(413);
            }
        }
    }

    @Test
    void aRefusedBodyStillArrivingIsReadForAtMostTwoSecondsBeforeTheAnswer() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings.withMaxRequestBytes(LIMIT));
                Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: " + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: " + 2 * LIMIT + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            long sentAt = System.nanoTime();
            // 2 KiB a second: above the minimum read rate, so only the two seconds end the reading (all 8 KiB would
            // take four).
            Thread sender = new Thread(() -> trickle(out, 2 * LIMIT, 100, 50));
            sender.setDaemon(true);
            sender.start();
            readUntilClosed(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - sentAt);

            assertThat(took).isBetween(Duration.ofMillis(1_500), Duration.ofMillis(3_500));
        }
    }

    @Test
    void aRefusedBodyThatStopsArrivingIsAnsweredWithinTwoSecondsNotAtTheIdleTimeout() throws Exception {
        try (HttpHarness harness = HttpHarness.start(settings -> settings.withMaxRequestBytes(LIMIT));
                Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(20_000); // the harness's idle timeout is 30 s
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Accept: " + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: " + 2 * LIMIT + "\r\n\r\n{\"jsonrpc\"")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush(); // and nothing more: the client stalls half-way through its body
            long sentAt = System.nanoTime();

            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            Duration took = Duration.ofNanos(System.nanoTime() - sentAt);

            assertThat(answer).isEqualTo("HTTP/1.1 413");
            assertThat(took).isLessThan(Duration.ofMillis(3_500));
        }
    }

    /** Writes {@code total} bytes of padding, {@code piece} at a time every {@code pauseMillis}, until refused. */
    private static void trickle(OutputStream out, int total, int piece, long pauseMillis) {
        try {
            for (int sent = 0; sent < total; sent += piece) {
                out.write(" ".repeat(Math.min(piece, total - sent)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pauseMillis);
            }
        } catch (IOException | InterruptedException e) {
            // the server closed the connection, as it should
        }
    }

    private static void readUntilClosed(InputStream in) {
        try {
            in.readAllBytes();
        } catch (IOException reset) {
            // a reset ends the connection as well
        }
    }

    @Test
    void nextRequestAfterAnOversizedOneIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post("{\"pad\":\"" + "x".repeat(128 * 1024) + "\"}", Map.of());

            assertThat(harness.post(HttpHarness.LIST_TOOLS, Map.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void malformedJsonGets400WithAJsonRpcErrorAndNoStackTrace() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post("{this is not json", Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response).path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(response.body()).doesNotContain("stackTrace", "Exception", "at [Source");
            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void wrongContentTypeGets415WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(HttpHarness.LIST_TOOLS, Map.of("Content-Type", "text/plain"));

            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(HttpHarness.message(response).path("error").path("message").asText())
                    .contains("application/json");
            assertThat(response.body()).doesNotContain("stackTrace");
        }
    }
}
