package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The launcher in monitor mode: its exit codes (2 for the configuration, 3 for a port in use, 0 on SIGTERM). */
class MonitorLaunchTest {

    @TempDir
    Path dir;

    private final TerminationSignal signal = new TerminationSignal(
            Duration.ofSeconds(10), () -> {}, code -> {}, LoggerFactory.getLogger(MonitorLaunchTest.class));
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<String> args) {
        return BulwarkServer.run(
                args,
                Map.of(),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                signal);
    }

    private Path fleet() throws IOException {
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        return Files.writeString(
                dir.resolve("fleet.yaml"),
                "monitor:\n  targets:\n    gone:\n      url: http://127.0.0.1:" + dead + "/mcp\n");
    }

    @Test
    void theMonitorWithoutTargetsExitsWithStatusTwoNamingTheKey() {
        assertThat(run(List.of("--monitor"))).isEqualTo(BulwarkServer.EXIT_CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("monitor.enabled")
                .contains("names no target");
    }

    @Test
    void aMonitorPortInUseExitsWithThePortCodeNamingMonitorPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = run(List.of(
                    "--monitor",
                    "--config",
                    fleet().toString(),
                    "--monitor-port",
                    String.valueOf(taken.getLocalPort())));

            assertThat(code).isEqualTo(BulwarkServer.EXIT_PORT_IN_USE);
            assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                    .startsWith("bulwark-server: cannot listen on 127.0.0.1 port " + taken.getLocalPort()
                            + ", monitor.port (flag --monitor-port): another process is using it;");
        }
    }

    @Test
    void theMonitorServesUntilTheSignalAndThenExitsWithStatusZero() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> args =
                List.of("--monitor", "--config", fleet().toString(), "--monitor-port", String.valueOf(port));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(args));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 0;
        while (status != 200 && !exit.isDone() && System.nanoTime() < deadline) {
            try {
                status = http.send(health, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException notYetListening) {
                Thread.sleep(50);
            }
        }
        assertThat(status).as("the monitor's /health while it serves").isEqualTo(200);

        CompletableFuture.runAsync(signal::onShutdown);

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }
}
