package dev.bulwark.core.internal.presentation.server;

import static dev.bulwark.core.internal.presentation.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client's roots are paths on the user's machine: when they change, the server logs how many, never which. */
class ClientRootsTest {

    private static final String SECRET_PATH = "file:///home/alice/acquisition-plans";

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger assembler = (Logger) LoggerFactory.getLogger(McpServerAssembler.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level assemblerLevel;
    private McpSyncServer server;
    private McpSyncClient client;

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
        assemblerLevel = assembler.getLevel();
        assembler.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        root.detachAppender(logged);
        assembler.setLevel(assemblerLevel);
    }

    @Test
    void rootsChangedIsLoggedAsACountWithoutThePaths() {
        InMemoryTransport transport = new InMemoryTransport(jsonMapper);
        server = new McpServerAssembler(
                        ServerSettings.defaults(),
                        ServerFeatures.builder().build(),
                        TestPipelines.invoking(mapper),
                        jsonMapper)
                .serve(transport, Principal.of("operator", Principal.ALL_SCOPES));
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
                .roots(new McpSchema.Root(SECRET_PATH, "plans"))
                .build();
        client.initialize();

        client.rootsListChangedNotification();

        eventually(() -> assertThat(logged.list).anySatisfy(event -> {
            assertThat(event.getLoggerName()).isEqualTo(McpServerAssembler.class.getName());
            assertThat(event.getFormattedMessage()).isEqualTo("The client's roots changed, now 1; no tool reads them");
        }));
        assertThat(logged.list)
                .noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains("alice"));
    }
}
