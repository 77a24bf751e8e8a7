package dev.bulwark.mcpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A raw HTTP/1.1 upstream that reads a request and then closes its connection without answering. */
class Http1ConnectionsTest {

    private static final byte[] BODY =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}".getBytes(StandardCharsets.UTF_8);

    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private Thread acceptor;
    private Http1Connections connections;

    @BeforeEach
    void serve() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptEach, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
        connections = new Http1Connections(
                URI.create("http://127.0.0.1:" + server.getLocalPort() + "/mcp"), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws IOException {
        connections.close();
        server.close();
    }

    @Test
    void aRequestWhoseKeptConnectionClosesAfterItWasReadIsNotSentAgain() throws IOException {
        Http1Connections.Answer first = connections.post(Map.of(), BODY, deadline());
        try (InputStream body = first.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"answer\":1}");
        }

        assertThatThrownBy(() -> connections.post(Map.of(), BODY, deadline()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection without answering");
        assertThat(received).as("requests the upstream read").hasSize(2);
    }

    private static long deadline() {
        return System.nanoTime() + Duration.ofSeconds(10).toNanos();
    }

    /** Answers the first request of every connection, reads the second and closes without answering. */
    private void acceptEach() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                if (readRequest(in)) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
                                    + "{\"answer\":1}")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    readRequest(in);
                }
            } catch (IOException e) {
                return; // the server socket was closed
            }
        }
    }

    /** Reads one request with its body; false at the end of the connection. */
    private boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        received.add(text.lines().findFirst().orElse(""));
        return true;
    }
}
