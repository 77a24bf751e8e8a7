package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request body must arrive at the minimum rate; the idle timeout (ten minutes here) alone would let it dribble. The
 * clients wait a minute at most for their answer, so an answer at all is one given before the idle timeout.
 */
class MinimumReadRateHandlerTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final int CLIENT_PATIENCE_MILLIS = 60_000;

    private final HttpHarness harness = HttpHarness.start(
            settings -> settings.toBuilder().idleTimeout(IDLE_TIMEOUT).build());

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aBodyDribbledSlowerThanTheMinimumRateIsCutOffLongBeforeTheIdleTimeout() throws Exception {
        String body = HttpHarness.INITIALIZE + " ".repeat(4000); // 15 minutes at 5 bytes a second
        String response;
        try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(postHead(body.length(), true));
            out.flush();
            Thread dribbler = new Thread(() -> dribble(out, body.getBytes(StandardCharsets.UTF_8)));
            dribbler.setDaemon(true);
            dribbler.start();
            response = readAll(socket.getInputStream());
        }

        assertThat(response)
                .as("cut off by the rate check")
                .startsWith("HTTP/1.1 408")
                .contains("\"code\":-32600", "the request arrived too slowly")
                .doesNotContain("Exception")
                .doesNotContain("at org.");
    }

    @Test
    void aBodyThatStopsIsAnswered408AboutASecondAfterItStoppedNotAtTheIdleTimeout() throws Exception {
        String response;
        try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(postHead(HttpHarness.INITIALIZE.length(), true));
            out.write(HttpHarness.INITIALIZE.substring(0, 20).getBytes(StandardCharsets.UTF_8));
            out.flush();
            response = readAll(socket.getInputStream());
        }

        assertThat(response).startsWith("HTTP/1.1 408").contains("the request arrived too slowly");
    }

    @Test
    void aBodyThatCameFastThenStoppedIsAnswered408AfterTenSecondsNotAtTheIdleTimeout() throws Exception {
        byte[] fast = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}" + " ".repeat(40_000))
                .getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        String response;
        try (HttpHarness large = HttpHarness.start(
                        1024 * 1024,
                        settings ->
                                settings.toBuilder().idleTimeout(IDLE_TIMEOUT).build());
                Socket socket = new Socket("127.0.0.1", large.server.port())) {
            socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(postHead(fast.length + 100_000, true)); // 40 KB at once: its average rate allows a long stop
            out.write(fast);
            out.flush();
            response = readAll(socket.getInputStream());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response).startsWith("HTTP/1.1 408");
        assertThat(took).as("the longest stop allowed first").isGreaterThanOrEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void aConnectionKeepsItsIdleTimeoutOnceTheBodyHasArrived() throws Exception {
        // 2 KiB first: at the minimum rate they allow the rest two seconds, far more than the pause before it
        byte[] body = (HttpHarness.INITIALIZE + " ".repeat(2048)).getBytes(StandardCharsets.UTF_8);
        int rest = 20;
        try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(postHead(body.length, false));
            out.write(body, 0, body.length - rest);
            out.flush();
            Thread.sleep(300); // the server waits for the rest: its idle timeout is cut meanwhile
            out.write(body, body.length - rest, rest);
            out.flush();
            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            // an idle keep-alive connection, for longer than any deadline the cut could have left (about 2 s)
            Thread.sleep(4_000);

            out.write(postHead(body.length, true));
            out.write(body);
            out.flush();

            assertThat(first).startsWith("HTTP/1.1 200");
            assertThat(readAll(in)).as("the same connection, still open").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aBodyArrivingInPiecesAtAReasonableRateIsServed() throws Exception {
        // pieces of about 10 KB: each allows the next ten seconds at the minimum rate, however late a busy machine
        // sends it after its pause
        byte[] body = (HttpHarness.INITIALIZE + " ".repeat(30_000)).getBytes(StandardCharsets.UTF_8);
        String response;
        try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(postHead(body.length, true));
            int piece = body.length / 3 + 1;
            for (int offset = 0; offset < body.length; offset += piece) {
                out.write(body, offset, Math.min(piece, body.length - offset));
                out.flush();
                Thread.sleep(400);
            }
            response = readAll(socket.getInputStream());
        }

        assertThat(response).startsWith("HTTP/1.1 200").contains("\"result\"");
    }

    /** The head of a {@code POST /mcp} whose body has {@code length} bytes; {@code close} ends the connection after. */
    private static byte[] postHead(int length, boolean close) {
        return ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: "
                        + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: " + length
                        + (close ? "\r\nConnection: close" : "")
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Writes one byte every 200 ms (5 bytes per second) until the server stops listening. */
    private static void dribble(OutputStream out, byte[] body) {
        try {
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            // the server cut the request off, as it should
        }
    }

    /** Reads one response with a {@code Content-Length} (the head and its body) from a kept-alive connection. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = head.toString()
                .lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "connection reset: " + e.getMessage();
        }
    }
}
