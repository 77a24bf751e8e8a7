package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.http.HttpSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A caller's place among its open {@code subscriptions/listen} streams comes back as soon as the server knows the
 * client left, not at a later keep-alive: a client that reconnects at once is not refused for the stream it just
 * closed.
 */
class SubscriptionPlacesOverHttpTest {

    /** The cap of open subscriptions of one caller (the core's). */
    private static final int CAP = 100;

    @Test
    void aSubscriptionWhoseClientClosedItsConnectionGivesItsPlaceBackBeforeAnyKeepAlive() throws Exception {
        // Keep-alives an hour apart: nothing the test waits for can come from one
        HttpSettings settings = HttpSettings.builder()
                .port(0)
                .managementPort(0)
                .idleTimeout(Duration.ofHours(2))
                .maxConnectionsPerAddress(CAP + 10)
                .drainDelay(Duration.ZERO)
                .build();
        List<Subscription> open = new ArrayList<>();
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).build();
                BulwarkHttp http =
                        BulwarkHttp.builder(bulwark).settings(settings).start()) {
            try {
                for (int i = 0; i < CAP; i++) {
                    Subscription subscription = Subscription.open(http.port(), i);
                    open.add(subscription);
                    assertThat(subscription.status).as("subscription %d", i).isEqualTo(200);
                    subscription.awaitAcknowledged();
                }
                Subscription refused = Subscription.open(http.port(), CAP);
                assertThat(refused.status).as("one over the cap").isEqualTo(429);
                refused.close();

                open.remove(0).close(); // the client leaves: its connection closes

                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                Subscription again = Subscription.open(http.port(), CAP + 1);
                while (again.status == 429 && System.nanoTime() < deadline) {
                    again.close();
                    Thread.onSpinWait();
                    again = Subscription.open(http.port(), CAP + 1);
                }
                open.add(again);
                assertThat(again.status)
                        .as("a new subscription once the client of another closed its connection")
                        .isEqualTo(200);
                again.awaitAcknowledged();
            } finally {
                for (Subscription subscription : open) {
                    subscription.close();
                }
            }
        }
    }

    /** One {@code subscriptions/listen} over its own connection, read as raw HTTP. */
    private static final class Subscription implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        final int status;

        private Subscription(Socket socket, BufferedReader in, int status) {
            this.socket = socket;
            this.in = in;
            this.status = status;
        }

        static Subscription open(int port, int id) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{},"
                    + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                            + "Content-Type: application/json\r\n"
                            + "Accept: application/json, text/event-stream\r\n"
                            + "MCP-Protocol-Version: 2026-07-28\r\n"
                            + "Mcp-Method: subscriptions/listen\r\n"
                            + "Content-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            assertThat(statusLine).as("the status line").startsWith("HTTP/1.1 ");
            return new Subscription(socket, in, Integer.parseInt(statusLine.substring(9, 12)));
        }

        void awaitAcknowledged() throws IOException {
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.contains("notifications/subscriptions/acknowledged"));
            assertThat(line).as("the acknowledgement").isNotNull();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
