package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.testing.FakeCallContext;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Small tools, callers and results shared by the pipeline tests. */
final class TestTools {

    static final Principal ALICE = Principal.of("alice", "tools:read");
    static final Principal BOB = Principal.of("bob", "tools:read");
    static final String REQUEST_ID = "req-123";

    /** The input of the echo tool. */
    record EchoInput(
            @ToolParam(description = "Text to echo") String text, int times) {}

    /** The output of the echo tool. */
    record EchoOutput(String echoed) {}

    private TestTools() {}

    /** A tool that repeats its text, customised by {@code options}. */
    static Tool<EchoInput, EchoOutput> echo(UnaryOperator<Tool.Builder<EchoInput, EchoOutput>> options) {
        Tool.Builder<EchoInput, EchoOutput> builder = Tool.builder("echo", EchoInput.class, EchoOutput.class)
                .description("Repeats the text")
                .handler((input, context) -> {
                    EchoOutput out = new EchoOutput(input.text().repeat(input.times()));
                    return ToolResult.of(out, out.echoed());
                });
        return options.apply(builder).build();
    }

    static Tool<EchoInput, EchoOutput> echo() {
        return echo(UnaryOperator.identity());
    }

    static Map<String, Object> echoArgs(String text) {
        return Map.of("text", text, "times", 1);
    }

    static ToolInvocation invocation(Tool<?, ?> tool, Map<String, Object> arguments, Principal principal) {
        return new ToolInvocation(tool, arguments, new FakeCallContext(principal, REQUEST_ID, tool.name()));
    }

    static ToolInvocation invocation(Tool<?, ?> tool, Map<String, Object> arguments) {
        return invocation(tool, arguments, ALICE);
    }

    static CallToolResult textResult(String text) {
        return CallToolResult.builder()
                .content(List.of(TextContent.builder(text).build()))
                .isError(false)
                .build();
    }

    static CallToolResult errorResult(String text) {
        return CallToolResult.builder()
                .content(List.of(TextContent.builder(text).build()))
                .isError(true)
                .build();
    }

    /** The text of the result's first content block. */
    static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }
}
