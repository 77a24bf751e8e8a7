package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.AnnotatedTools;
import dev.bulwark.core.AppView;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.internal.testing.ParsedEra2026Requests;
import dev.bulwark.ports.audit.AuditRecord;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MCP Apps in the 2026 era: a tool's listing links its view, the view is read through the pipeline with the
 * extension's MIME type and content-security metadata, and the extension is declared in {@code server/discover}.
 */
class McpAppsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/ui\":"
            + "{\"mimeTypes\":[\"text/html;profile=mcp-app\"]}}}}";

    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .auditLog(audit::add)
            .tool(Tool.builder("board", Map.class, Void.class)
                    .description("Shows the board")
                    .view("ui://orders/board.html")
                    .handler((input, context) -> ToolResult.text("3 orders"))
                    .build())
            .pack(AnnotatedTools.from(new Annotated()))
            .extension(McpApps.extension(
                    AppView.of("ui://orders/board.html", "Board", "The order board", context -> "<p>board</p>")
                            .withCsp(new AppView.Csp(
                                    List.of("https://api.example.com"), List.of(), List.of(), List.of()))
                            .withPrefersBorder(true),
                    AppView.of("ui://orders/admin.html", "Admin", "For admins", context -> "<p>admin</p>")
                            .withRequiredScopes("orders:admin")))
            .build();

    /** A tool declared by annotation, naming its view. */
    public static final class Annotated {
        @McpTool(description = "Shows the admin board", view = "ui://orders/admin.html")
        public String admin() {
            return "ok";
        }
    }

    @AfterEach
    void close() {
        bulwark.close();
    }

    @Test
    void aToolsListingLinksItsViewUnderBothKeysHostsRead() throws Exception {
        JsonNode answer = request(1, "tools/list", "{\"_meta\":" + META + "}", Principal.of("alice"));

        JsonNode tools = answer.path("result").path("tools");
        JsonNode board = find(tools, "name", "board");
        assertThat(board.path("_meta").path("ui").path("resourceUri").asText())
                .as(answer.toString())
                .isEqualTo("ui://orders/board.html");
        assertThat(board.path("_meta").path("ui/resourceUri").asText()).isEqualTo("ui://orders/board.html");
        assertThat(find(tools, "name", "admin")
                        .path("_meta")
                        .path("ui")
                        .path("resourceUri")
                        .asText())
                .as("the annotation's view")
                .isEqualTo("ui://orders/admin.html");
    }

    @Test
    void aViewIsReadWithTheAppsMimeTypeAndItsContentSecurityMetadataThroughThePipeline() throws Exception {
        JsonNode answer = request(
                2,
                "resources/read",
                "{\"uri\":\"ui://orders/board.html\",\"_meta\":" + META + "}",
                Principal.of("alice"));

        JsonNode content = answer.path("result").path("contents").path(0);
        assertThat(content.path("mimeType").asText()).as(answer.toString()).isEqualTo("text/html;profile=mcp-app");
        assertThat(content.path("text").asText()).isEqualTo("<p>board</p>");
        assertThat(content.path("_meta")
                        .path("ui")
                        .path("csp")
                        .path("connectDomains")
                        .path(0)
                        .asText())
                .isEqualTo("https://api.example.com");
        assertThat(content.path("_meta").path("ui").path("prefersBorder").asBoolean())
                .isTrue();
        assertThat(audit).singleElement().satisfies(record -> {
            assertThat(record.kind()).isEqualTo(AuditRecord.Kind.RESOURCE);
            assertThat(record.tool()).isEqualTo("ui://orders/board.html");
            assertThat(record.outcome()).isEqualTo("success");
        });
    }

    @Test
    void aViewWhoseScopesTheCallerLacksIsRefusedAndAudited() throws Exception {
        JsonNode answer = request(
                3,
                "resources/read",
                "{\"uri\":\"ui://orders/admin.html\",\"_meta\":" + META + "}",
                Principal.of("bob"));

        assertThat(answer.path("error").path("data").path("errorType").asText())
                .as(answer.toString())
                .isEqualTo("permission_denied");
        assertThat(answer.toString()).doesNotContain("<p>admin</p>");
        assertThat(audit)
                .singleElement()
                .satisfies(record -> assertThat(record.errorType()).isEqualTo("permission_denied"));
    }

    @Test
    void theResourceListEndsWithTheViewsTheCallerMayRead() throws Exception {
        JsonNode answer = request(4, "resources/list", "{\"_meta\":" + META + "}", Principal.of("bob"));

        JsonNode resources = answer.path("result").path("resources");
        JsonNode board = find(resources, "uri", "ui://orders/board.html");
        assertThat(board.path("mimeType").asText()).as(answer.toString()).isEqualTo("text/html;profile=mcp-app");
        assertThat(board.path("_meta")
                        .path("ui")
                        .path("csp")
                        .path("connectDomains")
                        .path(0)
                        .asText())
                .isEqualTo("https://api.example.com");
        assertThat(resources.toString()).doesNotContain("ui://orders/admin.html");
    }

    @Test
    void discoveryDeclaresTheExtensionWithItsMimeType() throws Exception {
        JsonNode answer = request(5, "server/discover", "{\"_meta\":" + META + "}", Principal.of("alice"));

        assertThat(answer.path("result")
                        .path("capabilities")
                        .path("extensions")
                        .path("io.modelcontextprotocol/ui")
                        .path("mimeTypes")
                        .path(0)
                        .asText())
                .as(answer.toString())
                .isEqualTo("text/html;profile=mcp-app");
    }

    @Test
    void aViewUriOutsideTheUiSchemeIsRefusedWhenTheToolIsBuilt() {
        assertThatThrownBy(() -> Tool.builder("bad", Map.class, Void.class).view("https://example.com/x.html"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 'bad'")
                .hasMessageContaining("ui://");
        assertThatThrownBy(() ->
                        new AppView.Csp(List.of("api.example.com; script-src *"), List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectDomains");
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + items);
    }

    private JsonNode request(int id, String method, String params, Principal caller) throws Exception {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("mcp-protocol-version", "2026-07-28");
        headers.put("mcp-method", method);
        if (params.startsWith("{\"uri\":\"")) {
            headers.put("mcp-name", params.substring(8, params.indexOf('"', 8)));
        }
        Era2026Answer answer = bulwark.era2026()
                .serve(ParsedEra2026Requests.overHttp(body, headers, RequestOrigin.of(caller)), notification -> {})
                .get(30, TimeUnit.SECONDS);
        return JSON.readTree(answer.json());
    }
}
