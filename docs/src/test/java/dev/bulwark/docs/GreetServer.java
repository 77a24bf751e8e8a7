package dev.bulwark.docs;

// README:start
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;
import java.time.Duration;

public class GreetServer {

    record GreetInput(@ToolParam(description = "Who to greet") String name) {}

    record Greeting(String message) {}

    static Tool<GreetInput, Greeting> greetTool() {
        return Tool.builder("greet", GreetInput.class, Greeting.class)
                .description("Greets someone by name")
                .cache(CachePolicy.shared(Duration.ofMinutes(5)))
                .handler((input, context) -> ToolResult.of(new Greeting("Hello, " + input.name() + "!")))
                .build();
    }

    public static void main(String[] args) {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(greetTool()).build()) {
            BulwarkStdio.serve(bulwark); // until the client closes stdin; stdout carries the protocol only
        }
    }
}
// README:end
