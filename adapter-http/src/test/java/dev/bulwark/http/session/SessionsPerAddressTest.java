package dev.bulwark.http.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bulwark.http.HttpHarness;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With authentication off there is no principal to count sessions by, so one client address holds at most its
 * share of the session table; refusals at a cap are logged, at most once a minute, without the client's text.
 */
class SessionsPerAddressTest {

    private static final String CLIENT_TEXT = "client-chosen-name-7f3a";

    @Test
    void anAddressAtItsCapGets503NamingTheSettingWhileAnotherAddressIsServed() throws IOException {
        try (HttpHarness harness =
                HttpHarness.start(settings -> settings.toBuilder().maxSessions(10).build().toBuilder()
                        .maxSessionsPerAddress(2)
                        .build())) {
            harness.initialize();
            harness.initialize();

            HttpResponse<String> third = harness.post(HttpHarness.INITIALIZE, Map.of());
            String fromElsewhere = initializeFrom("127.0.0.2", harness.server.port());

            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(HttpHarness.message(third).path("error").path("message").asText())
                    .contains(
                            "your address holds as many sessions as one address may", "http.max-sessions-per-address");
            assertThat(fromElsewhere).startsWith("HTTP/1.1 200").containsIgnoringCase("Mcp-Session-Id:");
            assertThat(harness.server.sessionCount()).isEqualTo(3);
            HttpHarness.eventually(() ->
                    assertThat(errors(harness, "http_address_session_limit")).isEqualTo(1));
        }
    }

    @Test
    void anEndedSessionGivesItsAddressItsPlaceBack() {
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().maxSessionsPerAddress(1).build())) {
            String session = harness.initialize();
            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(503);

            assertThat(harness.delete(session).statusCode()).isLessThan(300);

            assertThat(harness.post(HttpHarness.INITIALIZE, Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void refusalsAtTheServersCapAreLoggedOncePerIntervalWithoutTheClientsText() {
        Logger logger = (Logger) LoggerFactory.getLogger(SessionHandler.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (HttpHarness harness = HttpHarness.start(
                settings -> settings.toBuilder().maxSessions(1).build())) {
            harness.initialize();
            String initialize = HttpHarness.INITIALIZE.replace("\"name\":\"t\"", "\"name\":\"" + CLIENT_TEXT + "\"");

            for (int i = 0; i < 3; i++) {
                assertThat(harness.post(initialize, Map.of()).statusCode()).isEqualTo(503);
            }

            assertThat(lines.list).hasSize(1);
            ILoggingEvent line = lines.list.get(0);
            assertThat(line.getLevel().toString()).isEqualTo("WARN");
            assertThat(line.getFormattedMessage()).contains("http.max-sessions").doesNotContain(CLIENT_TEXT);
            assertThat(String.valueOf(line.getKeyValuePairs())).doesNotContain(CLIENT_TEXT);
        } finally {
            logger.detachAppender(lines);
        }
    }

    /** Sends an {@code initialize} from {@code localAddress} over a plain socket; returns all it got. */
    private static String initializeFrom(String localAddress, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) HttpHarness.PATIENCE.toMillis());
            socket.setSoTimeout((int) HttpHarness.PATIENCE.toMillis());
            socket.getOutputStream()
                    .write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                                    + "\r\nAccept: " + HttpHarness.ACCEPT_BOTH + "\r\nContent-Length: "
                                    + HttpHarness.INITIALIZE.length()
                                    + "\r\nConnection: close\r\n\r\n" + HttpHarness.INITIALIZE)
                            .getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double errors(HttpHarness harness, String errorType) {
        Counter counter =
                harness.registry.find("mcp.errors").tag("error_type", errorType).counter();
        return counter == null ? 0 : counter.count();
    }
}
