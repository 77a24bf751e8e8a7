package dev.bulwark.promises;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The tools of the Bulwark upstream the gateway's era tests front, over HTTP or stdio: {@code echo}, {@code count}
 * (progress, then the text), {@code wait} (until it is cancelled, which it tells) and {@code ask} (asks its client
 * for a folder).
 */
final class UpstreamEraTools {

    private UpstreamEraTools() {}

    /** The four tools; {@code wait} runs {@code cancelled} when its call is cancelled. */
    static List<Tool<?, ?>> of(Runnable cancelled) {
        return List.of(
                Tool.builder("echo", Stage.Text.class, Stage.Text.class)
                        .description("Says the text back")
                        .handler((input, context) -> ToolResult.of(input))
                        .build(),
                Tool.builder("count", Stage.Text.class, Stage.Text.class)
                        .description("Reports progress, then says the text back")
                        .handler((input, context) -> {
                            context.reportProgress(1, 2.0, "half way");
                            return ToolResult.of(input);
                        })
                        .build(),
                Tool.builder("wait", Stage.Text.class, Stage.Text.class)
                        .description("Waits until it is cancelled")
                        .handler((input, context) -> {
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                cancelled.run();
                                Thread.currentThread().interrupt();
                            }
                            return ToolResult.of(input);
                        })
                        .build(),
                Tool.builder("ask", Stage.Text.class, Stage.Text.class)
                        .description("Asks its client for a folder")
                        .handler((input, context) -> {
                            var answer = context.elicit(
                                    "Which folder?",
                                    Map.of("type", "object", "properties", Map.of("folder", Map.of("type", "string"))));
                            return ToolResult.of(new Stage.Text(answer.action() + " " + answer.content()));
                        })
                        .build());
    }
}
