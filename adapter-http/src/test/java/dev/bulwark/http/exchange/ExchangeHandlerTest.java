package dev.bulwark.http.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.http.HttpHarness;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ExchangeHandlerTest {

    @Test
    void eventStreamHeadersArriveBeforeTheFirstEvent() throws Exception {
        // the first ping comes at half the idle timeout: five minutes, far beyond the client's patience
        try (HttpHarness harness = HttpHarness.start(settings ->
                settings.toBuilder().idleTimeout(Duration.ofMinutes(10)).build())) {
            String session = harness.initialize();
            HttpRequest openStream = HttpRequest.newBuilder(harness.mcpUri())
                    .timeout(HttpHarness.PATIENCE) // for the headers, which must not wait for the first ping
                    .header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", session)
                    .GET()
                    .build();

            HttpResponse<InputStream> stream =
                    harness.client.send(openStream, HttpResponse.BodyHandlers.ofInputStream());

            try (InputStream body = stream.body()) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            }
        }
    }

    @Test
    void aClientThatGoesAwayMidBodyIsCountedAndLogsNoError() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("dev.bulwark.http");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (HttpHarness harness = HttpHarness.start(settings -> settings)) {
            try (Socket socket = new Socket("127.0.0.1", harness.server.port())) {
                socket.setSoTimeout((int) HttpHarness.PATIENCE.toMillis());
                // with Expect: 100-continue the server says when it starts reading the body
                socket.getOutputStream()
                        .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                                        + "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertThat(statusLine(socket.getInputStream()))
                        .as("the server is reading the body")
                        .isEqualTo("HTTP/1.1 100 Continue");
                socket.getOutputStream().write("{\"jsonrpc\":".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoLinger(true, 0); // close with a reset mid-body: the client is gone
            }

            HttpHarness.eventually(() -> assertThat(harness.registry
                            .get("mcp.errors")
                            .tag("error_type", "http_connection_lost")
                            .counter()
                            .count())
                    .isEqualTo(1.0));
        } finally {
            log.detachAppender(logged);
        }

        assertThat(logged.list).noneMatch(event -> event.getLevel() == Level.ERROR);
    }

    /** The first line of what the server sent, without its line end. */
    private static String statusLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
