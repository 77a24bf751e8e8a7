package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.audit.AuditRecord;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the extension example of docs/tool-authors.md on a stdio session of the 2025-11-25 era, and keeps the page
 * in step: the extension is declared in the {@code initialize} answer and its method is audited as a tool call.
 */
class ExtensionExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private OutputStream clientToServer;
    private BufferedReader serverToClient;
    private Bulwark bulwark;
    private McpSyncServer server;

    private JsonNode start(Extension extension, String clientCapabilities) throws IOException {
        Pipe serverInPipe = Pipe.open();
        InputStream serverIn = Channels.newInputStream(serverInPipe.source());
        clientToServer = Channels.newOutputStream(serverInPipe.sink());
        Pipe clientInPipe = Pipe.open();
        InputStream clientIn = Channels.newInputStream(clientInPipe.source());
        OutputStream serverOut = Channels.newOutputStream(clientInPipe.sink());
        serverToClient = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8));
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .auditLog(audit::add)
                .extension(extension)
                .build();
        server = bulwark.serve(
                new StdioTransportProvider(new JacksonMcpJsonMapper(JSON), serverIn, serverOut, 1 << 20),
                bulwark.localOperator());
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":" + clientCapabilities + ",\"clientInfo\":{\"name\":\"docs\",\"version\":\"1\"}}}");
        JsonNode initialized = receive();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return initialized;
    }

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            clientToServer.close();
            server.close();
            bulwark.close();
        }
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
                Path.of("src/test/java/dev/bulwark/docs/ExtensionExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// tool-authors:start\n") + 22, source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void toolAuthorsPageShowsTheCompiledFollowUpExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/FollowUpExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// tool-authors:start\n") + 22, source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void toolAuthorsPageShowsTheCompiledOriginExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/ExtensionOriginExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// tool-authors:start\n") + 22, source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void aMethodSeesItsCallerAndTheEraOfItsRequest() throws IOException {
        start(ExtensionOriginExample.whoami(), "{}");

        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"whoami/show\",\"params\":{}}");
        JsonNode shown = receive();

        assertThat(shown.at("/result/caller").asText()).as(shown.toString()).isEqualTo(bulwark.localOperator().subject());
        assertThat(shown.at("/result/era").asText()).isEqualTo("SESSIONS_2025_11_25");
    }

    @Test
    void aSessionsFollowUpAnswersWithoutAnAuditLineOfItsOwn() throws IOException {
        start(new FollowUpExample().reports(), "{}");

        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"reports/start\",\"params\":{}}");
        JsonNode started = receive();
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"reports/status\",\"params\":{\"reportId\":\"r1\"}}");
        JsonNode polled = receive();

        assertThat(started.at("/result/reportId").asText()).as(started.toString()).isEqualTo("r1");
        assertThat(polled.at("/result/status").asText()).as(polled.toString()).isEqualTo("working");
        assertThat(audit).extracting(AuditRecord::tool).containsExactly("reports.start");
    }

    @Test
    void theSessionDeclaresTheExtensionAndItsMethodAnswersThroughThePipeline() throws IOException {
        JsonNode initialized = start(ExtensionExample.inventory(), "{}");
        assertThat(initialized.at("/result/capabilities/extensions/com.example~1inventory/units").asText())
                .as(initialized.toString())
                .isEqualTo("pieces");

        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"inventory/count\",\"params\":{\"sku\":\"A-1\"}}");
        JsonNode counted = receive();

        assertThat(counted.at("/result/count").asInt()).as(counted.toString()).isEqualTo(42);
        assertThat(counted.at("/result/sku").asText()).isEqualTo("A-1");
        assertThat(audit).singleElement().satisfies(record -> assertThat(record.tool()).isEqualTo("inventory.count"));
    }

    @Test
    void aSessionWhoseClientDidNotDeclareAnExtensionThatAsksForItIsRefused() throws IOException {
        Extension declared = Extension.builder("com.example/audited")
                .clientMustDeclare(true)
                .method("audited/ping", (params, context) -> Map.of("pong", true))
                .build();
        start(declared, "{}");

        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"audited/ping\",\"params\":{}}");
        JsonNode refused = receive();

        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32021);
        assertThat(audit).isEmpty();
    }

    @Test
    void aSessionListsAndReadsTheResourcesOfAnExtensionThroughThePipeline() throws IOException {
        Extension notes = Extension.builder("com.example/notes")
                .resources(
                        "note://",
                        (params, context) -> Map.of(
                                "contents",
                                List.of(Map.of("uri", params.get("uri"), "mimeType", "text/plain", "text", "hello"))),
                        (params, context) ->
                                Map.of("resources", List.of(Map.of("uri", "note://first", "name", "first"))))
                .build();
        JsonNode initialized = start(notes, "{}");
        assertThat(initialized.at("/result/capabilities").has("resources")).as(initialized.toString()).isTrue();

        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/list\",\"params\":{}}");
        JsonNode listed = receive();
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\"note://first\"}}");
        JsonNode read = receive();

        assertThat(listed.at("/result/resources/0/uri").asText()).as(listed.toString()).isEqualTo("note://first");
        assertThat(read.at("/result/contents/0/text").asText()).as(read.toString()).isEqualTo("hello");
        assertThat(audit)
                .extracting(AuditRecord::kind, AuditRecord::tool)
                .containsExactly(
                        tuple(AuditRecord.Kind.RESOURCE, "resources/list"),
                        tuple(AuditRecord.Kind.RESOURCE, "note://first"));
    }

    @Test
    void aSessionWhoseClientDeclaredTheExtensionMayCallIt() throws IOException {
        Extension declared = Extension.builder("com.example/audited")
                .clientMustDeclare(true)
                .method("audited/ping", (params, context) -> Map.of("pong", true))
                .build();
        start(declared, "{\"experimental\":{\"com.example/audited\":{}}}");

        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"audited/ping\",\"params\":{}}");
        JsonNode answered = receive();

        assertThat(answered.at("/result/pong").asBoolean()).as(answered.toString()).isTrue();
    }
}
