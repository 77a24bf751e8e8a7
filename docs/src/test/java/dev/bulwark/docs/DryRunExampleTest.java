package dev.bulwark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the tool-call augmentation example of docs/tool-authors.md in the 2026 era, and keeps the page in step: a
 * declaring client's dry run is answered by the extension and audited as the tool's call; another client's runs the
 * tool.
 */
class DryRunExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final AtomicInteger deployed = new AtomicInteger();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .auditLog(audit::add)
            .tool(Tool.builder("deploy", Map.class, Void.class)
                    .inputSchema(Map.of("type", "object"))
                    .description("Deploys a version")
                    .handler((input, context) -> {
                        deployed.incrementAndGet();
                        return ToolResult.text("deployed");
                    })
                    .build())
            .extension(DryRunExample.dryRun())
            .build();

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void toolAuthorsPageShowsTheCompiledExampleVerbatim() throws IOException {
        String source = Files.readString(
                Path.of("src/test/java/dev/bulwark/docs/DryRunExample.java"), StandardCharsets.UTF_8);
        String example = source.substring(
                source.indexOf("// tool-authors:start\n") + 22, source.indexOf("// tool-authors:end"));

        assertThat(Files.readString(Path.of("tool-authors.md"), StandardCharsets.UTF_8)).contains(example);
    }

    @Test
    void aDeclaringClientsDryRunIsAnsweredByTheExtensionAndAuditedAsTheCall() throws Exception {
        JsonNode answered = call("{\"extensions\":{\"com.example/dry-run\":{}}}");

        assertThat(answered.at("/result/content/0/text").asText())
                .as(answered.toString())
                .isEqualTo("alice would call deploy with {version=2}");
        assertThat(deployed).hasValue(0);
        assertThat(audit).extracting(AuditRecord::tool).containsExactly("deploy");
    }

    @Test
    void aClientThatDidNotDeclareTheExtensionRunsTheTool() throws Exception {
        JsonNode answered = call("{}");

        assertThat(answered.at("/result/content/0/text").asText()).as(answered.toString()).isEqualTo("deployed");
        assertThat(deployed).hasValue(1);
    }

    private JsonNode call(String clientCapabilities) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy\","
                + "\"arguments\":{\"version\":2},\"dryRun\":true,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
                + ProtocolEra.REQUESTS_2026_07_28.version() + "\",\"io.modelcontextprotocol/clientCapabilities\":"
                + clientCapabilities + "}}}";
        return JSON.readTree(bulwark.era2026()
                .serve(
                        ParsedEra2026Requests.overStdio(
                                body.getBytes(StandardCharsets.UTF_8), RequestOrigin.of(Principal.of("alice")), false),
                        notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json());
    }
}
