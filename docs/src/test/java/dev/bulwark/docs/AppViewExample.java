package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.AppView;
import dev.bulwark.core.Extension;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.util.List;
import java.util.Map;

final class AppViewExample {

    /** A tool that names its view: hosts that render MCP Apps show the view with its result. */
    static Tool<Map, Void> weather() {
        return Tool.builder("weather", Map.class, Void.class)
                .description("Today's weather")
                .view("ui://weather/today.html")
                .handler((input, context) -> ToolResult.text("sunny"))
                .build();
    }

    /** The view: its HTML, and the one origin it may fetch from. */
    static Extension views() {
        AppView today = AppView.of(
                        "ui://weather/today.html", "Today", "Today's weather", context -> "<p>Loading…</p>")
                .withCsp(new AppView.Csp(List.of("https://api.example.com"), List.of(), List.of(), List.of()));
        return McpApps.extension(today);
    }
}
// tool-authors:end
