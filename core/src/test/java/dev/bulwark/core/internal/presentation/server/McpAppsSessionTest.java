package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.AppView;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MCP Apps in a 2025-11-25 session: the tool's link, the view's MIME type and CSP, the capability, the scopes. */
class McpAppsSessionTest {

    private final Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
            .tool(Tool.builder("board", Map.class, Void.class)
                    .description("Shows the board")
                    .view("ui://orders/board.html")
                    .handler((input, context) -> ToolResult.text("3 orders"))
                    .build())
            .extension(McpApps.extension(
                    AppView.of("ui://orders/board.html", "Board", "The order board", context -> "<p>board</p>")
                            .withCsp(new AppView.Csp(
                                    List.of(), List.of("https://cdn.example.com"), List.of(), List.of())),
                    AppView.of("ui://orders/admin.html", "Admin", "For admins", context -> "<p>admin</p>")
                            .withRequiredScopes("orders:admin")))
            .build();
    private McpSyncClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.closeGracefully();
        }
        bulwark.close();
    }

    private McpSchema.InitializeResult connect(Principal caller) {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, caller);
        client = McpClient.sync(transport.newClient())
                .requestTimeout(Duration.ofSeconds(60))
                .build();
        return client.initialize();
    }

    @Test
    void theSessionDeclaresTheExtensionAndTheToolLinksItsView() {
        McpSchema.InitializeResult initialized = connect(Principal.of("alice"));

        assertThat(initialized.capabilities().extensions()).containsKey(McpApps.ID);
        McpSchema.Tool board = client.listTools().tools().stream()
                .filter(tool -> tool.name().equals("board"))
                .findFirst()
                .orElseThrow();
        assertThat(board.meta()).containsEntry("ui", Map.of("resourceUri", "ui://orders/board.html"));
        assertThat(board.meta()).containsEntry("ui/resourceUri", "ui://orders/board.html");
    }

    @Test
    void theViewIsReadWithTheAppsMimeTypeAndItsContentSecurityMetadata() {
        connect(Principal.of("alice"));

        McpSchema.ReadResourceResult read =
                client.readResource(new McpSchema.ReadResourceRequest("ui://orders/board.html"));

        McpSchema.TextResourceContents content =
                (McpSchema.TextResourceContents) read.contents().get(0);
        assertThat(content.mimeType()).isEqualTo("text/html;profile=mcp-app");
        assertThat(content.text()).isEqualTo("<p>board</p>");
        assertThat(content.meta())
                .containsEntry("ui", Map.of("csp", Map.of("resourceDomains", List.of("https://cdn.example.com"))));
    }

    @Test
    void aViewWhoseScopesTheCallerLacksIsRefused() {
        connect(Principal.of("bob"));

        assertThatThrownBy(() -> client.readResource(new McpSchema.ReadResourceRequest("ui://orders/admin.html")))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("orders:admin")
                .hasMessageNotContaining("<p>admin</p>");
    }
}
