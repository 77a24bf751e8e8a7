package dev.bulwark.http.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HttpHarness;
import dev.bulwark.http.auth.ApiKey;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.AuthSettings;
import dev.bulwark.http.auth.HttpAuthSettings;
import dev.bulwark.ports.security.AddressRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One client address holds at most its share of the MCP port's connections; a trusted proxy carries many clients. */
class ConnectionsPerAddressTest {

    private final HttpHarness harness = HttpHarness.withAuth(
            settings -> settings.toBuilder().maxConnectionsPerAddress(2).build(),
            HttpAuthSettings.builder()
                    .apiKeys(new ApiKeys(
                            List.of(new ApiKey("ci-bot", Set.of("tools:read"), ApiKeys.hashOf(ApiKeys.newKey())))))
                    .settings(AuthSettings.builder()
                            .trustedProxies(List.of(AddressRange.parse("127.0.0.1")))
                            .build())
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
    void aConnectionOverItsAddressesShareIsClosedAtOnce() throws IOException {
        connect("127.0.0.2");
        connect("127.0.0.2");
        awaitOpenConnections(2); // the server may open accepted connections in another order

        assertThat(answerTo(connect("127.0.0.2")))
                .as("closed before any answer")
                .isEmpty();
        assertThat(answerTo(connect("127.0.0.3"))).as("another address").startsWith("HTTP/1.1 401");
    }

    @Test
    void aTrustedProxysConnectionsAreNotLimited() throws IOException {
        connect("127.0.0.1");
        connect("127.0.0.1");
        awaitOpenConnections(2);

        assertThat(answerTo(connect("127.0.0.1"))).startsWith("HTTP/1.1 401");
    }

    private void awaitOpenConnections(int count) {
        HttpHarness.eventually(() -> assertThat(
                        harness.registry.get("mcp.active.connections").gauge().value())
                .isEqualTo(count));
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(
                new InetSocketAddress("127.0.0.1", harness.server.port()), (int) HttpHarness.PATIENCE.toMillis());
        socket.setSoTimeout((int) HttpHarness.PATIENCE.toMillis());
        return socket;
    }

    /** Sends a request without a credential; what came back before the connection closed ("" if nothing). */
    private static String answerTo(Socket socket) {
        try {
            socket.getOutputStream()
                    .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                                    + "\r\nAccept: " + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: "
                                    + HttpHarness.INITIALIZE.length()
                                    + "\r\nConnection: close\r\n\r\n" + HttpHarness.INITIALIZE)
                            .getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // reset: the server had closed it
        }
    }
}
