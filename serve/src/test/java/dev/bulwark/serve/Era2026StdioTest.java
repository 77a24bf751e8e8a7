package dev.bulwark.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both protocol eras over one stdio session of a real Bulwark server. */
class Era2026StdioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    record EchoInput(
            @ToolParam(description = "What to echo") String text) {}

    record Echoed(String text) {}

    private Bulwark bulwark;
    private BulwarkStdio stdio;
    private OutputStream clientToServer;
    private BufferedReader serverToClient;

    @BeforeEach
    void start() throws IOException {
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(Tool.builder("echo", EchoInput.class, Echoed.class)
                        .description("Echoes a text")
                        .handler((input, context) -> ToolResult.of(new Echoed(input.text())))
                        .build())
                .build();
        Pipe serverInPipe = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverInPipe.source());
        clientToServer = Channels.newOutputStream(serverInPipe.sink());
        Pipe clientInPipe = Pipe.open();
        InputStream clientIn = Channels.newInputStream(clientInPipe.source());
        OutputStream serverOut = Channels.newOutputStream(clientInPipe.sink());
        serverToClient = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));
        stdio = BulwarkStdio.start(bulwark, serverIn, serverOut);
    }

    @AfterEach
    void stop() throws IOException {
        clientToServer.close();
        stdio.awaitClientClose();
        stdio.close();
        bulwark.close();
    }

    @Test
    void aClientOfTheNewEraDiscoversAndCallsAToolWithoutInitialize() throws IOException {
        JsonNode discovered =
                exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + META + "}}");
        assertThat(discovered.path("result").path("supportedVersions").get(0).asText())
                .isEqualTo("2026-07-28");
        JsonNode called = exchange("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
                + "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}," + META + "}}");
        assertThat(called.path("result").path("structuredContent"))
                .as(called.toString())
                .isEqualTo(JSON.readTree("{\"text\":\"hi\"}"));
        assertThat(called.path("result").path("resultType").asText()).isEqualTo("complete");
    }

    @Test
    void aSubscriptionIsAcknowledgedFirstWithItsIdAndEndedByTheClient() throws IOException {
        JsonNode acknowledged = exchange("{\"jsonrpc\":\"2.0\",\"id\":\"sub-1\",\"method\":\"subscriptions/listen\","
                + "\"params\":{\"notifications\":{\"toolsListChanged\":true}," + META + "}}");
        assertThat(acknowledged)
                .isEqualTo(JSON.readTree("{\"jsonrpc\":\"2.0\","
                        + "\"method\":\"notifications/subscriptions/acknowledged\","
                        + "\"params\":{\"notifications\":{\"toolsListChanged\":true},"
                        + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"sub-1\"}}}"));
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"sub-1\"}}");
        // the session goes on: the next request is answered
        JsonNode discovered =
                exchange("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"server/discover\",\"params\":{" + META + "}}");
        assertThat(discovered.path("id").asInt()).isEqualTo(2);
    }

    @Test
    void aClientOfTheOldEraStillWorksOnTheSameSessionAndGetsNoNewFields() throws IOException {
        exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{" + META + "}}");
        JsonNode initialized = exchange(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertThat(initialized.path("result").path("protocolVersion").asText()).isEqualTo("2025-11-25");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        JsonNode listed = exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        assertThat(listed.path("result").has("resultType")).isFalse();
        assertThat(listed.path("result").has("ttlMs")).isFalse();
    }

    @Test
    void initializeWithADateTheServerDoesNotKnowIsAnsweredWithOneItSpeaks() throws IOException {
        JsonNode initialized = exchange(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2099-01-01\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        assertThat(initialized.has("error")).as(initialized.toString()).isFalse();
        assertThat(initialized.path("result").path("protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    private JsonNode exchange(String request) throws IOException {
        send(request);
        return JSON.readTree(serverToClient.readLine());
    }

    private void send(String line) throws IOException {
        clientToServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientToServer.flush();
    }
}
