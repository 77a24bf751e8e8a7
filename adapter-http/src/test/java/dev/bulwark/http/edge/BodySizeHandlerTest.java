package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Oversized, malformed and mistyped bodies: the right 4xx with a JSON-RPC error, and the next request served. */
class BodySizeHandlerTest {

    private static final int LIMIT = 4096;
    private static final int LARGE_LIMIT = 256 * 1024;
    /** A refused body sent slowly: 1 MiB, below what is read of a refused body, taking ten minutes at 2 KiB/s. */
    private static final long TRICKLED = 1024 * 1024;

    private static String oversized() {
        return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"pad\":\"" + "x".repeat(LIMIT)
                + "\"}}";
    }

    @Test
    void declaredOversizedBodyGets413WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.start(LIMIT, settings -> settings)) {
            HttpResponse<String> response = harness.post(oversized(), Map.of());

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
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
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("too large", "limits.max-request-size");
            assertThat(response.body()).doesNotContain("stackTrace");
        }
    }

    @Test
    void chunkedBodyFourTimesTheLimitStillGets413NotAReset() {
        try (HttpHarness harness = HttpHarness.start(LARGE_LIMIT, settings -> settings)) {
            // The client is still sending when the server refuses; without reading the rest the server would close
            // on unread bytes and the client could get a reset instead of its 413 (one request in twelve, tried at
            // 1 MiB against a 64 KiB limit).
            for (int i = 0; i < 15; i++) {
                assertThat(harness.postPadded(4 * LARGE_LIMIT - 100, true).statusCode())
                        .isEqualTo(413);
            }
        }
    }

    @Test
    void declaredBodyFourTimesTheLimitStillGets413NotAReset() {
        try (HttpHarness harness = HttpHarness.start(LARGE_LIMIT, settings -> settings)) {
            for (int i = 0; i < 15; i++) {
                assertThat(harness.postPadded(4 * LARGE_LIMIT - 100, false).statusCode())
                        .isEqualTo(413);
            }
        }
    }

    @Test
    void aRefusedBodyStillArrivingIsReadForAtMostTwoSecondsBeforeTheAnswer() throws Exception {
        try (HttpHarness harness = HttpHarness.start(
                        LIMIT,
                        settings -> settings.toBuilder()
                                .idleTimeout(Duration.ofMinutes(10))
                                .build());
                Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + "Accept: "
                            + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: " + TRICKLED + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            long sentAt = System.nanoTime();
            // 2 KiB a second: above the minimum read rate, so only the two seconds end the reading; the whole body
            // would take ten minutes, and the idle timeout never fires while bytes keep coming.
            AtomicLong sent = new AtomicLong();
            Thread sender = new Thread(() -> trickle(out, TRICKLED, 2048, sent));
            sender.setDaemon(true);
            sender.start();
            String answer = readUntilClosed(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - sentAt);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(sent.get())
                    .as("closed while the body was still arriving")
                    .isLessThan(TRICKLED);
            assertThat(took).as("read for the two seconds first").isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
        }
    }

    @Test
    void aRefusedBodyThatStopsArrivingIsAnsweredWithinTwoSecondsNotAtTheIdleTimeout() throws Exception {
        try (HttpHarness harness = HttpHarness.start(
                        LIMIT,
                        settings -> settings.toBuilder()
                                .idleTimeout(Duration.ofMinutes(10))
                                .build());
                Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(60_000); // far below the idle timeout: an answer at all is one before it
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + "Accept: "
                            + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: " + 2 * LIMIT + "\r\n\r\n{\"jsonrpc\"")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush(); // and nothing more: the client stalls half-way through its body

            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    /**
     * Writes {@code total} bytes of padding at {@code bytesPerSecond} on average since it started (a late round sends
     * what the rounds it missed would have, so a busy machine does not slow it below the minimum rate), until refused,
     * counting them in {@code sent}.
     */
    private static void trickle(OutputStream out, long total, long bytesPerSecond, AtomicLong sent) {
        long start = System.nanoTime();
        try {
            while (sent.get() < total) {
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                int next = (int) (Math.min(total, elapsedMillis * bytesPerSecond / 1000) - sent.get());
                if (next > 0) {
                    out.write(" ".repeat(next).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sent.addAndGet(next);
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            // the server closed the connection, as it should
        }
    }

    /** What arrives until the server closes the connection (or resets it). */
    private static String readUntilClosed(InputStream in) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            in.transferTo(read);
        } catch (IOException reset) {
            // a reset ends the connection as well
        }
        return read.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void nextRequestAfterAnOversizedOneIsServed() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            harness.post("{\"pad\":\"" + "x".repeat(128 * 1024) + "\"}", Map.of());

            assertThat(harness.post(HttpHarness.LIST_TOOLS, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void malformedJsonGets400WithAJsonRpcErrorAndNoStackTrace() {
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            HttpResponse<String> response = harness.post("{this is not json", Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(HttpHarness.message(response).path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(response.body()).doesNotContain("stackTrace", "Exception", "at [Source");
            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void wrongContentTypeGets415WithAJsonRpcError() {
        try (HttpHarness harness = HttpHarness.stateless()) {
            HttpResponse<String> response = harness.post(HttpHarness.LIST_TOOLS, Map.of("Content-Type", "text/plain"));

            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(HttpHarness.message(response)
                            .path("error")
                            .path("message")
                            .asText())
                    .contains("application/json");
            assertThat(response.body()).doesNotContain("stackTrace");
        }
    }
}
