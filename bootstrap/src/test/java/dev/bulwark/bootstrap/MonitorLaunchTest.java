package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.bulwark.redis.DeadPort;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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

    /** Where the fleet's one target was: nothing listens there, and no other process can take it meanwhile. */
    private final DeadPort gone = new DeadPort();

    @AfterEach
    void releaseTheDeadPort() {
        gone.close();
    }

    private Path fleet() throws IOException {
        return Files.writeString(
                dir.resolve("fleet.yaml"),
                "monitor:\n  targets:\n    gone:\n      url: http://127.0.0.1:" + gone.port() + "/mcp\n");
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
        CompletableFuture<Integer> boundPort = new CompletableFuture<>();
        Logger launcher = (Logger) LoggerFactory.getLogger(BulwarkServer.class);
        AppenderBase<ILoggingEvent> startLine = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                Map<String, Object> values = new HashMap<>();
                if (event.getKeyValuePairs() != null) {
                    event.getKeyValuePairs().forEach(pair -> values.put(pair.key, pair.value));
                }
                if ("monitor".equals(values.get("mode"))) {
                    boundPort.complete((Integer) values.get("port"));
                }
            }
        };
        startLine.setContext(launcher.getLoggerContext());
        startLine.start();
        launcher.addAppender(startLine);
        CompletableFuture<Integer> exit;
        int port;
        try {
            List<String> args = List.of("--monitor", "--config", fleet().toString(), "--monitor-port", "0");
            exit = CompletableFuture.supplyAsync(() -> run(args));
            // the port the monitor bound, from its start-up line; a monitor that exits first fails the wait
            exit.thenRun(() -> boundPort.completeExceptionally(new AssertionError("the monitor exited: " + err)));
            port = boundPort.get(60, TimeUnit.SECONDS);
        } finally {
            launcher.detachAppender(startLine);
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build();
        assertThat(http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("the monitor's /health while it serves")
                .isEqualTo(200);

        CompletableFuture.runAsync(signal::onShutdown);

        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
    }
}
