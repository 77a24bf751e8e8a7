package dev.bulwark.bootstrap.e2e;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkStdio;

/**
 * A stdio server with one tool whose only input is an optional boolean, which no built-in tool has: what
 * {@link InspectorCliIT} needs to show a client filling a boolean from the published schema. Test code only; run
 * from the shaded jar plus the test classes.
 */
public final class FlagToolStdioServer {

    /** The tool's input: one optional boolean. */
    public record FlagInput(
            @ToolParam(description = "Whether to shout", required = false)
            Boolean loud) {}

    /** What the tool answers: the flag as it arrived. */
    public record FlagOutput(boolean loud) {}

    private FlagToolStdioServer() {}

    public static void main(String[] args) {
        Tool<FlagInput, FlagOutput> flag = Tool.builder("echo_flag", FlagInput.class, FlagOutput.class)
                .description("Answers with the flag it was given")
                .handler((input, context) -> ToolResult.of(new FlagOutput(Boolean.TRUE.equals(input.loud()))))
                .build();
        try (Bulwark bulwark =
                Bulwark.builder(BulwarkConfig.defaults()).tool(flag).build()) {
            System.exit(BulwarkStdio.serve(bulwark));
        }
    }
}
