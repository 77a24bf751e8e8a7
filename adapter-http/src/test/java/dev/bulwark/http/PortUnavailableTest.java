package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port the server cannot open is named as the MCP or the management port, and nothing is left open. */
class PortUnavailableTest {

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = taken()) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anMcpPortInUseIsNamedAsTheMcpPort() throws IOException {
        try (ServerSocket mcp = taken()) {
            PortUnavailableException failure = catchThrowableOfType(
                    PortUnavailableException.class,
                    () -> HttpHarness.start(settings -> settings.toBuilder()
                                    .port(mcp.getLocalPort())
                                    .build())
                            .close());

            assertThat(failure).isNotNull();
            assertThat(failure.listener()).isEqualTo(PortUnavailableException.Listener.MCP);
            assertThat(failure.port()).isEqualTo(mcp.getLocalPort());
            assertThat(failure.host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aManagementPortInUseIsNamedAsTheManagementPortAndTheMcpPortIsClosedAgain() throws IOException {
        int mcpPort = freePort();
        try (ServerSocket management = taken()) {
            PortUnavailableException failure = catchThrowableOfType(
                    PortUnavailableException.class,
                    () -> HttpHarness.start(settings -> settings.toBuilder().port(mcpPort).build().toBuilder()
                                    .managementPort(management.getLocalPort())
                                    .build())
                            .close());

            assertThat(failure).isNotNull();
            assertThat(failure.listener()).isEqualTo(PortUnavailableException.Listener.MANAGEMENT);
            assertThat(failure.port()).isEqualTo(management.getLocalPort());
        }
        try (ServerSocket again = new ServerSocket(mcpPort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort())
                    .as("the MCP port the failed start had opened")
                    .isEqualTo(mcpPort);
        }
    }
}
