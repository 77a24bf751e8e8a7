package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.ports.health.ServerHealth;
import dev.bulwark.ports.metrics.MetricsExposition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations endpoints on a port of their own, with no MCP endpoint: a worker's. */
class ManagementHttpServerTest {

    private static final MetricsExposition METRICS = new MetricsExposition() {
        @Override
        public String contentType() {
            return "text/plain; version=0.0.4; charset=utf-8";
        }

        @Override
        public String scrape() {
            return "worker_metric 1.0\n";
        }
    };

    private final HttpClient client = HttpClient.newHttpClient();

    private static ManagementHttpServer start(int port) {
        return ManagementHttpServer.start(
                "127.0.0.1",
                port,
                Duration.ofSeconds(30),
                () -> new ServerHealth(ServerHealth.Status.HEALTHY, false, Map.of()),
                METRICS);
    }

    private HttpResponse<String> get(ManagementHttpServer server, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessAndMetricsButNoMcpEndpoint() throws Exception {
        try (ManagementHttpServer server = start(HttpSettings.ANY_FREE_PORT)) {
            assertThat(server.port()).isPositive();
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics").body()).contains("worker_metric 1.0");
            assertThat(get(server, McpHttpServer.MCP_PATH).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void readinessAnswers503OnceStopping() throws Exception {
        try (ManagementHttpServer server = start(HttpSettings.ANY_FREE_PORT)) {
            server.startDraining();

            assertThat(get(server, "/ready").statusCode()).isEqualTo(503);
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsNamedAsTheManagementPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PortUnavailableException failure =
                    catchThrowableOfType(PortUnavailableException.class, () -> start(taken.getLocalPort()));

            assertThat(failure).isNotNull();
            assertThat(failure.listener()).isEqualTo(PortUnavailableException.Listener.MANAGEMENT);
            assertThat(failure.port()).isEqualTo(taken.getLocalPort());
        }
    }
}
