package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions cannot leak from the built server: a cap on live sessions, and idle sessions ended. */
class HttpSessionLimitsIT {

    private static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @TempDir
    static Path workDir;

    private static HttpServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = HttpServerProcess.start(workDir, Map.of(), "--max-sessions", "2", "--session-idle-timeout", "2s");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sessionOverTheCapGets503UntilIdleSessionsAreEvicted() {
        String first = sessionOf(server.initialize());
        String second = sessionOf(server.initialize());

        HttpResponse<String> third = server.initialize();

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("\"jsonrpc\":\"2.0\"", "http.max-sessions");
        assertThat(third.headers().firstValue("Mcp-Session-Id")).isEmpty();

        HttpResponse<String> afterEviction = awaitInitialize(Duration.ofSeconds(60));
        assertThat(afterEviction.statusCode())
                .as("a new session once the idle ones are gone")
                .isEqualTo(200);
        awaitMetric("mcp_sessions_evicted_total 2.0", Duration.ofSeconds(60));
        for (String evicted : new String[] {first, second}) {
            HttpResponse<String> reuse =
                    server.post(LIST_TOOLS, Map.of("Mcp-Session-Id", evicted, "MCP-Protocol-Version", "2025-11-25"));
            assertThat(reuse.statusCode()).as("an evicted session is unknown").isEqualTo(404);
        }
    }

    private static void awaitMetric(String line, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!server.get(server.operations("/metrics")).body().contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/metrics never showed " + line);
            }
            HttpServerProcess.sleep(100);
        }
    }

    private static HttpResponse<String> awaitInitialize(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        HttpResponse<String> response = server.initialize();
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
            HttpServerProcess.sleep(200);
            response = server.initialize();
        }
        return response;
    }

    private static String sessionOf(HttpResponse<String> initialized) {
        assertThat(initialized.statusCode()).isEqualTo(200);
        return initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }
}
