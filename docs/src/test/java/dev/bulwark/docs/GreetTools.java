package dev.bulwark.docs;

// README-ANNOTATED:start
import dev.bulwark.core.AnnotatedTools;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.config.BulwarkConfig;

public class GreetTools {

    public record Greeting(String message) {}

    @McpTool(description = "Greets someone by name", cache = McpTool.Cache.SHARED, cacheTtl = "5m")
    public Greeting greet(@ToolParam(description = "Who to greet") String name) {
        return new Greeting("Hello, " + name + "!");
    }

    static Bulwark server() {
        return Bulwark.builder(BulwarkConfig.defaults()).pack(AnnotatedTools.from(new GreetTools())).build();
    }
}
// README-ANNOTATED:end
