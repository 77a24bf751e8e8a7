package dev.bulwark.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send their request head a byte at a time cannot hold the MCP port: each head must arrive within the
 * head deadline (2 s here: a whole head sent at once reaches its handler long before it, however busy the machine),
 * and one address holds at most its share of the connections (5 of 10 here). The idle timeout (30 s) never fires for
 * them, since every byte restarts it.
 */
class RequestHeadDeadlineTest {

    private static final int MAX_CONNECTIONS = 10;
    private static final int PER_ADDRESS = 5;
    private static final Duration HEAD_DEADLINE = Duration.ofSeconds(2);
    private static final int PATIENCE_MILLIS = (int) HttpHarness.PATIENCE.toMillis();

    private final HttpHarness harness =
            HttpHarness.start(settings -> settings.toBuilder().maxConnections(MAX_CONNECTIONS).build().toBuilder()
                    .maxConnectionsPerAddress(PER_ADDRESS)
                    .build()
                    .toBuilder()
                    .requestHeadTimeout(HEAD_DEADLINE)
                    .build());
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        harness.close();
    }

    @Test
    void dribblingHeadsAreClosedAndAnotherClientIsServedMeanwhile() throws Exception {
        CountDownLatch closed = new CountDownLatch(MAX_CONNECTIONS);
        List<Socket> dribblers = new ArrayList<>();
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            dribblers.add(connect("127.0.0.1"));
        }
        // the port keeps its share and closes the rest before any byte of a head: no head deadline runs yet, so
        // which connections are kept does not depend on how fast the machine connects them
        HttpHarness.eventually(
                () -> assertThat(errors("http_connections_per_address")).isEqualTo(MAX_CONNECTIONS - PER_ADDRESS));
        for (Socket dribbler : dribblers) {
            dribbleHead(dribbler, closed);
        }

        // as many dribblers as the port takes connections: today they would hold all of them
        String answer = exchange(connect("127.0.0.2"), initialize(true));
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"result\"");

        assertThat(closed.await(HttpHarness.PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("every dribbling connection closed, though bytes kept coming well within the idle timeout")
                .isTrue();
        HttpHarness.eventually(() -> {
            assertThat(errors("http_connections_per_address")).isEqualTo(MAX_CONNECTIONS - PER_ADDRESS);
            assertThat(errors("http_request_head_timeout")).isEqualTo(PER_ADDRESS);
        });
        HttpHarness.eventually(() -> assertThat(exchangeFrom("127.0.0.1"))
                .as("the closed connections, refused ones included, gave their address its share back")
                .startsWith("HTTP/1.1 200"));
    }

    @Test
    void aConnectionAtRestBetweenRequestsIsLeftToTheIdleTimeout() throws Exception {
        Socket socket = connect("127.0.0.1");
        assertThat(exchange(socket, initialize(false))).startsWith("HTTP/1.1 200");

        // more than two head deadlines and their sweeps without a byte: nothing of a head has arrived
        Thread.sleep(HEAD_DEADLINE.multipliedBy(5).dividedBy(2).toMillis());

        assertThat(exchange(socket, initialize(true)))
                .startsWith("HTTP/1.1 200")
                .contains("\"result\"");
        assertThat(errors("http_request_head_timeout")).isZero();
    }

    @Test
    void aHeadSentInPiecesWithinTheDeadlineIsServed() throws Exception {
        // a deadline no busy machine overruns: the point is that the pieces themselves do not end the head
        try (HttpHarness patient = HttpHarness.start(settings -> settings.toBuilder()
                        .requestHeadTimeout(Duration.ofMinutes(1))
                        .build());
                Socket socket = new Socket("127.0.0.1", patient.server.port())) {
            socket.setSoTimeout(PATIENCE_MILLIS);
            byte[] request = initialize(true);
            OutputStream out = socket.getOutputStream();
            int piece = request.length / 4 + 1;
            for (int offset = 0; offset < request.length; offset += piece) {
                out.write(request, offset, Math.min(piece, request.length - offset));
                out.flush();
                Thread.sleep(100);
            }

            assertThat(readAll(socket.getInputStream()))
                    .startsWith("HTTP/1.1 200")
                    .contains("\"result\"");
        }
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", harness.server.port()), PATIENCE_MILLIS);
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    private String exchangeFrom(String address) {
        try {
            return exchange(connect(address), initialize(true));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends a request head one byte every 100 ms, never ending it; counts {@code closed} down when the server closes. */
    private static void dribbleHead(Socket socket, CountDownLatch closed) {
        Thread writer = new Thread(() -> {
            byte[] head = ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(4_000))
                    .getBytes(StandardCharsets.US_ASCII);
            try {
                OutputStream out = socket.getOutputStream();
                for (byte b : head) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection, as it should
            }
        });
        Thread reader = new Thread(() -> {
            try {
                while (socket.getInputStream().read() >= 0) {
                    // a closed connection ends the loop
                }
            } catch (IOException e) {
                // reset or timed out: the reader's count decides
                if (!(e instanceof java.net.SocketTimeoutException)) {
                    closed.countDown();
                }
                return;
            }
            closed.countDown();
        });
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    private static byte[] initialize(boolean close) {
        return ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: "
                        + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: " + HttpHarness.INITIALIZE.length()
                        + (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + HttpHarness.INITIALIZE)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code request} and reads one response with a {@code Content-Length} or up to the end of the stream. */
    private static String exchange(Socket socket, byte[] request) throws IOException {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        return readResponse(socket.getInputStream());
    }

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
                .orElse(-1);
        byte[] body = length < 0 ? in.readAllBytes() : in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private double errors(String errorType) {
        Counter counter =
                harness.registry.find("mcp.errors").tag("error_type", errorType).counter();
        return counter == null ? 0 : counter.count();
    }
}
