package dev.bulwark.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The server jar over stdio opens its management port only when {@code http.management-port} is set. */
class StdioManagementPortTest {

    private static final String START_LINE = "Bulwark server serving MCP over stdio";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The stdio start-up line, once logged. */
    private final CompletableFuture<ILoggingEvent> startLine = new CompletableFuture<>();

    private final AppenderBase<ILoggingEvent> seen = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().equals(START_LINE)) {
                startLine.complete(event);
            }
        }
    };
    private Logger launcher;

    @BeforeEach
    void listen() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        seen.setContext(context);
        seen.start();
        launcher = context.getLogger(BulwarkServer.class);
        launcher.addAppender(seen);
    }

    @AfterEach
    void stopListening() {
        launcher.detachAppender(seen);
    }

    private static int run(List<String> args, InputStream in) {
        return BulwarkServer.run(
                args,
                Map.of(),
                in,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** The {@code management_port} of the stdio start-up line, when it has one; waits for the line. */
    private Optional<Integer> managementPortOfStartLine() throws Exception {
        ILoggingEvent line = startLine.get(1, TimeUnit.MINUTES);
        List<KeyValuePair> pairs = line.getKeyValuePairs() == null ? List.of() : line.getKeyValuePairs();
        return pairs.stream()
                .filter(pair -> pair.key.equals("management_port"))
                .map(pair -> (Integer) pair.value)
                .findFirst();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bySettingTheManagementPortTheStdioServerServesHealthReadyAndMetricsUntilItsSessionEnds() throws Exception {
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(client);
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> run(List.of("--management-port", "any"), in));

        int port = managementPortOfStartLine().orElseThrow();
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(get(port, "/ready").statusCode()).isIn(200, 503);
        assertThat(get(port, "/metrics").body()).contains("# TYPE");

        client.close(); // the session ends
        assertThat(exit.get(1, TimeUnit.MINUTES)).isZero();
        assertThatThrownBy(() -> get(port, "/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void byDefaultTheStdioServerOpensNoManagementPort() throws Exception {
        int code = run(List.of(), new ByteArrayInputStream(new byte[0]));

        assertThat(code).isZero();
        assertThat(managementPortOfStartLine()).isEmpty();
    }
}
