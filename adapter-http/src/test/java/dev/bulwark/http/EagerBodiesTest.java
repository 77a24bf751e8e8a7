package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bodies are read as they arrive, without a request thread waiting for them. */
class EagerBodiesTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    private static final String HEAD_START = " ".repeat(3_000);
    private static final int BYTES_PER_MILLISECOND = 4;

    // every slow client here has one address: its share of the connections is raised so that all 300 are held
    private final HttpHarness harness = HttpHarness.start(
            256 * 1024,
            settings -> settings.toBuilder()
                    .maxConnections(1000)
                    .maxConnectionsPerAddress(1000)
                    .build());
    private final List<SlowClient> slowClients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (SlowClient client : slowClients) {
            client.socket().close();
        }
        harness.close();
    }

    @Test
    void requestsWhoseBodiesAreStillArrivingHoldNoRequestThread() throws Exception {
        // More slow bodies than the server has request threads (256), each arriving above the minimum rate, so that
        // neither the rate check nor the idle timeout ends them while the test runs: 3 000 bytes at once, then about
        // 4 KB/s from its connection's opening, for about a minute, however late a busy machine runs a round.
        String session = harness.post(HttpHarness.INITIALIZE, Map.of())
                .headers()
                .firstValue("Mcp-Session-Id")
                .orElseThrow();
        int bodyBytes = 250_000; // within the 256 KiB limit
        int trickled = bodyBytes - PING.length() - HEAD_START.length();
        Thread trickle = new Thread(() -> trickle(slowClients, trickled));
        trickle.setDaemon(true);
        trickle.start();
        for (int i = 0; i < 300; i++) {
            Socket socket = new Socket("127.0.0.1", harness.server.port());
            socket.getOutputStream()
                    .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Accept: " + HttpHarness.ACCEPT_BOTH + "\r\nMcp-Session-Id: " + session
                                    + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n" + PING + HEAD_START)
                            .getBytes(StandardCharsets.UTF_8));
            slowClients.add(new SlowClient(socket, System.nanoTime()));
        }
        // every slow client's connection is open on the server (the harness client's own may be one more)
        HttpHarness.eventually(() -> assertThat(harness.activeConnections()).isGreaterThanOrEqualTo(300));

        HttpResponse<String> initialize = harness.post(HttpHarness.INITIALIZE, Map.of());
        boolean bodiesStillArriving = trickle.isAlive();
        trickle.interrupt();

        assertThat(initialize.statusCode()).isEqualTo(200);
        assertThat(bodiesStillArriving)
                .as("served while every slow body was still arriving, not after one freed a" + " thread")
                .isTrue();
    }

    @Test
    void aChunkedBodyArrivingInPiecesIsServedWhole() throws Exception {
        String response;
        try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
            socket.setSoTimeout((int) HttpHarness.PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + "Accept: "
                            + HttpHarness.ACCEPT_BOTH + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            // 10 KB of leading white space first: at the minimum rate they allow the rest ten seconds, far more than
            // the pauses between the pieces, however late a busy machine sends them
            String body = " ".repeat(10_000) + HttpHarness.INITIALIZE;
            int half = 10_000 + HttpHarness.INITIALIZE.length() / 2;
            for (String piece : List.of(body.substring(0, half), body.substring(half))) {
                out.write((Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(300);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            response = readAll(socket.getInputStream());
        }

        assertThat(response).startsWith("HTTP/1.1 200").contains("\"result\"", "\"protocolVersion\"");
    }

    /** A connection sending a slow body, and when it opened. */
    private record SlowClient(Socket socket, long openedNanos) {}

    /**
     * Sends each client {@code bytes} more spaces, {@value #BYTES_PER_MILLISECOND} bytes per millisecond since it
     * opened on average (a late round sends what the rounds it missed would have), until all 300 have sent them all.
     */
    private static void trickle(List<SlowClient> clients, int bytes) {
        Map<SlowClient, Integer> sent = new HashMap<>();
        try {
            while (clients.size() < 300 || sent.values().stream().anyMatch(count -> count < bytes)) {
                long now = System.nanoTime();
                for (SlowClient client : clients) {
                    int done = sent.getOrDefault(client, 0);
                    long elapsedMillis = (now - client.openedNanos()) / 1_000_000;
                    int due = (int) Math.min(bytes, elapsedMillis * BYTES_PER_MILLISECOND);
                    if (due > done) {
                        client.socket()
                                .getOutputStream()
                                .write(" ".repeat(due - done).getBytes(StandardCharsets.UTF_8));
                        client.socket().getOutputStream().flush();
                        sent.put(client, due);
                    }
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "connection reset: " + e.getMessage();
        }
    }
}
