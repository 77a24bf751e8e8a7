package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.stdio.StdioTransportProvider;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the MCP Apps example of docs/tool-authors.md on a stdio session, and keeps the page in step: the tool links
 * its view, and the view is read with the extension's MIME type and its origins.
 */
class AppViewExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputStream clientToServer;
    private BufferedReader serverToClient;
    private Bulwark bulwark;
    private McpSyncServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            clientToServer.close();
            server.close();
            bulwark.close();
        }
    }

    @Test
    void toolAuthorsPageShowsTheCompiledExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/AppViewExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// tool-authors:start\n") + 22, source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void theToolLinksItsViewAndTheViewCarriesItsMimeTypeAndOrigins() throws IOException {
        Pipe serverInPipe = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverInPipe.source());
        clientToServer = Channels.newOutputStream(serverInPipe.sink());
        Pipe clientInPipe = Pipe.open();
        OutputStream serverOut = Channels.newOutputStream(clientInPipe.sink());
        serverToClient = new BufferedReader(
                new InputStreamReader(Channels.newInputStream(clientInPipe.source()), StandardCharsets.UTF_8));
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .tool(AppViewExample.weather())
                .extension(AppViewExample.views())
                .build();
        server = bulwark.serve(
                new StdioTransportProvider(new JacksonMcpJsonMapper(JSON), serverIn, serverOut, 1 << 20),
                bulwark.localOperator());
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"docs\",\"version\":\"1\"}}}");
        JsonNode initialized = receive();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
        JsonNode listed = receive();
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":\"ui://weather/today.html\"}}");
        JsonNode read = receive();

        assertThat(initialized.at("/result/capabilities/extensions").has("io.modelcontextprotocol/ui"))
                .as(initialized.toString())
                .isTrue();
        assertThat(listed.at("/result/tools/0/_meta/ui/resourceUri").asText())
                .as(listed.toString())
                .isEqualTo("ui://weather/today.html");
        assertThat(read.at("/result/contents/0/mimeType").asText())
                .as(read.toString())
                .isEqualTo("text/html;profile=mcp-app");
        assertThat(read.at("/result/contents/0/_meta/ui/csp/connectDomains/0").asText())
                .isEqualTo("https://api.example.com");
    }

    private void send(String line) throws IOException {
        clientToServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientToServer.flush();
    }

    private JsonNode receive() throws IOException {
        return JSON.readTree(serverToClient.readLine());
    }
}
