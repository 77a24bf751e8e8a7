package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.http.drain.DrainGate;
import dev.bulwark.http.edge.NotFoundHandler;
import dev.bulwark.http.metrics.HttpMetrics;
import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.health.ServerHealthSource;
import dev.bulwark.ports.metrics.MetricsExposition;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A port the server cannot open is named as the MCP or the management port, and nothing is left open. The ports in
 * use are held by the test for as long as it needs them; every port the server opens is one it asked for as 0.
 */
class PortUnavailableTest {

    private static ServerSocket taken() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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
    void aManagementPortInUseIsNamedAsTheManagementPort() throws IOException {
        try (ServerSocket management = taken()) {
            PortUnavailableException failure = catchThrowableOfType(
                    PortUnavailableException.class,
                    () -> HttpHarness.start(settings -> settings.toBuilder()
                                    .managementPort(management.getLocalPort())
                                    .build())
                            .close());

            assertThat(failure).isNotNull();
            assertThat(failure.listener()).isEqualTo(PortUnavailableException.Listener.MANAGEMENT);
            assertThat(failure.port()).isEqualTo(management.getLocalPort());
        }
    }

    @Test
    void aStartThatFailsOnTheManagementPortClosesTheMcpPortItHadOpened() throws IOException {
        try (ServerSocket management = taken()) {
            JettyPorts ports = ports(HttpHarness.settings(HttpMode.STATEFUL).toBuilder()
                    .managementPort(management.getLocalPort())
                    .build());

            PortUnavailableException failure = catchThrowableOfType(PortUnavailableException.class, ports::start);

            assertThat(failure).isNotNull();
            assertThat(failure.listener()).isEqualTo(PortUnavailableException.Listener.MANAGEMENT);
            int mcpPort = ports.mcpPortOpened();
            assertThat(mcpPort).as("the MCP port, opened first").isPositive();
            // a connection is refused only where nothing listens; the test binds nothing there itself
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), mcpPort).close())
                    .as("the MCP port the failed start had opened, closed again")
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static JettyPorts ports(HttpSettings settings) {
        ServerHealth healthy = new ServerHealth(ServerHealth.Status.HEALTHY, false, Map.of());
        ServerHealthSource health = new ServerHealthSource() {
            @Override
            public ServerHealth serverHealth() {
                return healthy;
            }

            @Override
            public Optional<ServerHealth> lastKnownHealth() {
                return Optional.of(healthy);
            }
        };
        MetricsExposition metrics = new MetricsExposition() {
            @Override
            public String contentType() {
                return "text/plain";
            }

            @Override
            public String scrape() {
                return "";
            }
        };
        return new JettyPorts(
                settings,
                HttpHarness.MAX_REQUEST_BYTES,
                new HttpMetrics(),
                new Routes(new NotFoundHandler()),
                health,
                metrics,
                new DrainGate(),
                List.of());
    }
}
