package dev.bulwark.core.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pack's tools linked to views by name, for tools whose code names no view (the server jar's). */
class McpAppsLinkingTest {

    private static final ToolPack PACK =
            pack -> pack.tool(tool("status").requiredScopes("orders:read").build())
                    .tool(tool("refund").build())
                    .tool(tool("board").view("ui://orders/own.html").build());

    private static Tool.Builder<Map, Void> tool(String name) {
        return Tool.builder(name, Map.class, Void.class)
                .description("Does " + name)
                .handler((input, context) -> ToolResult.text(name));
    }

    @Test
    void aNamedToolOfThePackIsLinkedToItsViewAndKeepsEverythingElse() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(McpApps.linking(PACK, Map.of("status", "ui://orders/status.html")))
                .build()) {
            Tool<?, ?> status = named(bulwark, "status");

            assertThat(status.view()).contains("ui://orders/status.html");
            assertThat(status.requiredScopes()).containsExactly("orders:read");
            assertThat(status.description()).isEqualTo("Does status");
            assertThat(named(bulwark, "refund").view()).isEmpty();
        }
    }

    @Test
    void aLinkReplacesTheViewTheToolNamedItself() {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(McpApps.linking(PACK, Map.of("board", "ui://orders/linked.html")))
                .build()) {
            assertThat(named(bulwark, "board").view()).contains("ui://orders/linked.html");
        }
    }

    @Test
    void aLinkToNoUiUriIsRefusedNamingTheTool() {
        Tool<Map, Void> refund = tool("refund").build();

        assertThatThrownBy(() -> refund.withView("https://example.com/view.html"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 'refund'")
                .hasMessageContaining("no ui:// URI");
    }

    private static Tool<?, ?> named(Bulwark bulwark, String name) {
        return bulwark.tools().stream()
                .filter(tool -> tool.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
