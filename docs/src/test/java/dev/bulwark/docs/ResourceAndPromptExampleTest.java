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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the resource and prompt example of docs/tool-authors.md on a real SDK server, and keeps the page in step. */
class ResourceAndPromptExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputStream clientToServer;
    private BufferedReader serverToClient;
    private Bulwark bulwark;
    private McpSyncServer server;

    @BeforeEach
    void startServer() throws IOException {
        Pipe serverInPipe = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverInPipe.source());
        clientToServer = Channels.newOutputStream(serverInPipe.sink());
        Pipe clientInPipe = Pipe.open();
        InputStream clientIn = Channels.newInputStream(clientInPipe.source());
        OutputStream serverOut = Channels.newOutputStream(clientInPipe.sink());
        serverToClient = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .resource(ResourceAndPromptExample.styleGuide())
                .prompt(ResourceAndPromptExample.summarize())
                .build();
        server = bulwark.serve(new StdioTransportProvider(
                new JacksonMcpJsonMapper(JSON), serverIn, serverOut, 1 << 20), bulwark.localOperator());
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"docs\",\"version\":\"1\"}}}");
        receive();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterEach
    void stopServer() throws IOException {
        clientToServer.close();
        server.close();
        bulwark.close();
    }

    private void send(String line) throws IOException {
        clientToServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        clientToServer.flush();
    }

    private JsonNode receive() throws IOException {
        return JSON.readTree(serverToClient.readLine());
    }

    @Test
    void toolAuthorsPageShowsTheCompiledExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/ResourceAndPromptExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(source.indexOf("// tool-authors:start\n") + 22,
                source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void resourceIsListedAndRead() throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"docs://style-guide\"}}");
        JsonNode read = receive();

        assertThat(read.at("/result/contents/0/text").asText()).startsWith("# Style");
        assertThat(read.at("/result/contents/0/mimeType").asText()).isEqualTo("text/markdown");
    }

    @Test
    void promptRendersItsArguments() throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"summarize\","
                + "\"arguments\":{\"text\":\"Bulwark guards MCP servers.\",\"audience\":\"operators\"}}}");
        JsonNode prompt = receive();

        assertThat(prompt.at("/result/messages/0/content/text").asText())
                .isEqualTo("Summarize this for operators:\nBulwark guards MCP servers.");
    }

    @Test
    void promptWithoutARequiredArgumentGetsAClearError() throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"summarize\","
                + "\"arguments\":{}}}");
        JsonNode error = receive();

        assertThat(error.at("/error/message").asText()).contains("summarize").contains("text");
    }
}
