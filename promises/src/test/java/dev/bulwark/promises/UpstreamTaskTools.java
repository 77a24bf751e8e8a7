package dev.bulwark.promises;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The tools of a Bulwark upstream that run only as tasks, for the gateway's tests of upstream tasks: {@code report}
 * (says the text back), {@code hold} (waits until it is cancelled), {@code crash} (fails naming a host) and
 * {@code folder} (asks its client for a folder). Each tells {@code record} what it did, and its text.
 */
final class UpstreamTaskTools {

    private UpstreamTaskTools() {}

    static List<Tool<?, ?>> of(Consumer<String> record) {
        return List.of(
                Tool.builder("report", Stage.Text.class, Stage.Text.class)
                        .description("Says the text back, as a task")
                        .taskSupport(Tool.TaskSupport.REQUIRED)
                        .handler((input, context) -> {
                            record.accept("reported " + input.text());
                            return ToolResult.of(new Stage.Text("reported " + input.text()));
                        })
                        .build(),
                Tool.builder("hold", Stage.Text.class, Stage.Text.class)
                        .description("Waits until it is cancelled, as a task")
                        .taskSupport(Tool.TaskSupport.REQUIRED)
                        .handler((input, context) -> {
                            record.accept("held " + input.text());
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                record.accept("cancelled " + input.text());
                                Thread.currentThread().interrupt();
                            }
                            return ToolResult.of(input);
                        })
                        .build(),
                Tool.builder("crash", Stage.Text.class, Stage.Text.class)
                        .description("Fails, as a task")
                        .taskSupport(Tool.TaskSupport.REQUIRED)
                        .handler((input, context) -> {
                            record.accept("crashed " + input.text());
                            throw new IllegalStateException("connect to db.internal.example:5432 refused");
                        })
                        .build(),
                Tool.builder("folder", Stage.Text.class, Stage.Text.class)
                        .description("Asks its client for a folder, as a task")
                        .taskSupport(Tool.TaskSupport.REQUIRED)
                        .handler((input, context) -> {
                            record.accept("asked " + input.text());
                            try {
                                var answer = context.elicit(
                                        "Which folder?",
                                        Map.of(
                                                "type",
                                                "object",
                                                "properties",
                                                Map.of("folder", Map.of("type", "string"))));
                                return ToolResult.of(new Stage.Text(answer.action() + " " + answer.content()));
                            } catch (BulwarkException refused) {
                                return ToolResult.of(new Stage.Text("refused: " + refused.getMessage()));
                            }
                        })
                        .build());
    }
}
