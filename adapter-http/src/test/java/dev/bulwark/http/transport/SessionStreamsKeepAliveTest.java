package dev.bulwark.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.testing.ArgumentsCheckingMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet door's sessions keep an idle GET stream alive as Jetty's do: with comments, not ping requests. */
class SessionStreamsKeepAliveTest {

    private static final String VERSION = "2025-11-25";

    private final McpJsonMapper mapper = new ArgumentsCheckingMapper();
    private final SessionStreams streams =
            new SessionStreams(mapper, Duration.ofMillis(50), Duration.ofSeconds(1), EventLogLimits.defaults());
    /** What the GET stream's connection was given, one write an element. */
    private final List<String> written = new CopyOnWriteArrayList<>();

    private McpSyncServer mcp;

    @BeforeEach
    void start() throws Exception {
        mcp = McpServer.sync(streams)
                .serverInfo("t", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .build();
        SessionStreams.Started started = streams.start(
                new McpSchema.JSONRPCRequest(
                        McpSchema.JSONRPC_VERSION,
                        "initialize",
                        1,
                        Map.of(
                                "protocolVersion", VERSION,
                                "capabilities", Map.of(),
                                "clientInfo", Map.of("name", "t", "version", "1"))),
                McpTransportContext.EMPTY);
        streams.accept(
                started.sessionId(),
                new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/initialized", null),
                McpTransportContext.EMPTY);
        streams.listen(started.sessionId(), new RecordingConnection(), VERSION);
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void anIdleGetStreamGetsCommentsThatAskTheClientNothingAndAreNotKeptForResumption() {
        await().atMost(Duration.ofSeconds(20)).until(() -> comments() >= 5);

        assertThat(String.join("", written))
                .as("the priming event and comments only: no ping request the client must answer")
                .doesNotContain("\"ping\"")
                .doesNotContain("\"method\"");
        assertThat(streams.eventBytesKept()).isZero();
    }

    private long comments() {
        return written.stream().filter(":\n\n"::equals).count();
    }

    /** A GET stream's connection that keeps what it is given. */
    private final class RecordingConnection implements EventConnection {

        @Override
        public void write(JsonBytes frames, boolean last) {
            written.add(new String(frames.toByteArray(), StandardCharsets.UTF_8));
        }

        @Override
        public void end() {}
    }
}
