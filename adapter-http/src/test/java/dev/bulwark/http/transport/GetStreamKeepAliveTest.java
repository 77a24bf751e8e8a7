package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.http.edge.InboundMessageMapper;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.EndPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetStreamKeepAliveTest {

    private static final String VERSION = "2025-11-25";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private final JettyStreamableTransportProvider transport = JettyStreamableTransportProvider.builder(
                    new InboundMessageMapper(new ArgumentsCheckingMapper()), request -> McpTransportContext.EMPTY)
            .keepAliveInterval(Duration.ofMillis(50))
            .build();
    /** The GET stream's lines as the client read them. */
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private HandlerServer http;
    private McpSyncServer mcp;
    private String sessionId;

    @BeforeEach
    void start() throws Exception {
        mcp = McpServer.sync(transport)
                .serverInfo("t", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .build();
        http = new HandlerServer(transport);
        HttpResponse<String> initialized = http.send(http.post(INITIALIZE).build());
        sessionId = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        http.send(inSession("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        http.client
                .sendAsync(http.getStream(sessionId, VERSION), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
    }

    @AfterEach
    void stop() throws Exception {
        mcp.close();
        http.close();
    }

    @Test
    void anIdleGetStreamGetsCommentsThatAskTheClientNothingAndAreNotKeptForResumption() {
        await().atMost(Duration.ofSeconds(20)).until(() -> comments() >= 5);

        assertThat(lines.stream().filter(line -> line.startsWith("data:")))
                .as("only the priming event's empty data: no ping request the client must answer")
                .containsExactly("data: ");
        assertThat(transport.eventBytesKept()).isZero();
    }

    @Test
    void theGetStreamsConnectionIsCheckedForIdlenessByTheKeepAliveNotByATaskOnJettysScheduler() {
        await().atMost(Duration.ofSeconds(20)).until(() -> comments() >= 2);

        // Jetty checks a connection's idle timeout with a task on its scheduler, a new one at each check of a
        // connection that was not idle: one a connection each timeout, living as long, promoted to the old generation
        assertThat(http.endPoints())
                .as("the GET stream's connection has no idle timeout of Jetty's; any other keeps its own")
                .extracting(EndPoint::getIdleTimeout)
                .containsOnlyOnce(0L)
                .allMatch(timeout -> timeout == 0 || timeout == http.idleTimeoutMillis());

        http.send(http.delete(sessionId, VERSION));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(http.endPoints())
                        .as("the stream ended with its session: the idle timeout is given back")
                        .extracting(EndPoint::getIdleTimeout)
                        .doesNotContain(0L));
    }

    @Test
    void whatTheServerSendsStillReachesAStreamBetweenItsComments() {
        await().atMost(Duration.ofSeconds(20)).until(() -> comments() >= 2);

        mcp.notifyToolsListChanged();

        await().atMost(Duration.ofSeconds(20)).until(() -> commentsAfterTheNotification() >= 2);
        assertThat(lines.stream().filter(line -> line.startsWith("data:")))
                .hasSize(2)
                .last()
                .asString()
                .contains("notifications/tools/list_changed");
    }

    private long commentsAfterTheNotification() {
        int notification = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("notifications/tools/list_changed")) {
                notification = i;
            }
        }
        return notification < 0
                ? 0
                : lines.subList(notification, lines.size()).stream()
                        .filter(":"::equals)
                        .count();
    }

    private long comments() {
        return lines.stream().filter(":"::equals).count();
    }

    private HttpRequest inSession(String body) {
        return http.post(body)
                .header("Mcp-Session-Id", sessionId)
                .header("MCP-Protocol-Version", VERSION)
                .build();
    }
}
