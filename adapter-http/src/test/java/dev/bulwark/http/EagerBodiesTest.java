package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bodies are read as they arrive, without a request thread waiting for them. */
class EagerBodiesTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    private static final String HEAD_START = " ".repeat(3_000);

    // every slow client here has one address: its share of the connections is raised so that all 300 are held
    private final HttpHarness harness =
            HttpHarness.start(settings -> settings.toBuilder().maxConnections(1000).build().toBuilder()
                    .maxConnectionsPerAddress(1000)
                    .build());
    private final List<Socket> slowClients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : slowClients) {
            socket.close();
        }
        harness.close();
    }

    @Test
    void requestsWhoseBodiesAreStillArrivingHoldNoRequestThread() throws Exception {
        // More slow bodies than the server has request threads (256), each arriving above the minimum rate, so that
        // neither the rate check nor the idle timeout ends them while the test runs: 3 000 bytes at once (a head
        // start while the other connections open), then ~2 KB/s, for about half a minute.
        String session = harness.post(HttpHarness.INITIALIZE, Map.of())
                .headers()
                .firstValue("Mcp-Session-Id")
                .orElseThrow();
        int bodyBytes = 60_000;
        for (int i = 0; i < 300; i++) {
            Socket socket = new Socket("127.0.0.1", harness.server.port());
            slowClients.add(socket);
            socket.getOutputStream()
                    .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Accept: " + HttpHarness.ACCEPT_BOTH + "\r\nMcp-Session-Id: " + session
                                    + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n" + PING + HEAD_START)
                            .getBytes(StandardCharsets.UTF_8));
        }
        Thread trickle = new Thread(() -> trickle(slowClients, bodyBytes - PING.length() - HEAD_START.length()));
        trickle.setDaemon(true);
        trickle.start();
        Thread.sleep(1_500);

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
            socket.setSoTimeout(25_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + "Accept: "
                            + HttpHarness.ACCEPT_BOTH + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            int half = HttpHarness.INITIALIZE.length() / 2;
            for (String piece :
                    List.of(HttpHarness.INITIALIZE.substring(0, half), HttpHarness.INITIALIZE.substring(half))) {
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

    /** Writes 200 spaces to every socket every 100 ms (about 2 KB/s each) until each has sent {@code bytes}. */
    private static void trickle(List<Socket> sockets, int bytes) {
        byte[] piece = " ".repeat(200).getBytes(StandardCharsets.UTF_8);
        try {
            for (int sent = 0; sent + piece.length <= bytes; sent += piece.length) {
                for (Socket socket : sockets) {
                    socket.getOutputStream().write(piece);
                    socket.getOutputStream().flush();
                }
                Thread.sleep(100);
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
