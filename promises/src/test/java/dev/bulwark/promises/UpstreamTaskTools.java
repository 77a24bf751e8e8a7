package dev.bulwark.promises;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The tools of a Bulwark upstream that run only as tasks, for the gateway's tests of upstream tasks: {@code report}
 * (says the text back), {@code hold} (waits until it is cancelled), {@code crash} (fails naming a host),
 * {@code reject} (a tool error) and {@code folder} (asks its client for a folder); {@code crash_plain} and
 * {@code reject_plain} fail as their twins do, without tasks. Each tells {@code record} what it did, and its text.
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
                crash("crash", Tool.TaskSupport.REQUIRED, record),
                crash("crash_plain", Tool.TaskSupport.FORBIDDEN, record),
                reject("reject", Tool.TaskSupport.REQUIRED, record),
                reject("reject_plain", Tool.TaskSupport.FORBIDDEN, record),
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

    /** A tool that throws an unexpected exception naming a host: an internal error. */
    private static Tool<?, ?> crash(String name, Tool.TaskSupport tasks, Consumer<String> record) {
        return Tool.builder(name, Stage.Text.class, Stage.Text.class)
                .description("Fails")
                .taskSupport(tasks)
                .handler((input, context) -> {
                    record.accept("crashed " + input.text());
                    throw new IllegalStateException("connect to db.internal.example:5432 refused");
                })
                .build();
    }

    /** A tool that refuses its input: a tool error. */
    private static Tool<?, ?> reject(String name, Tool.TaskSupport tasks, Consumer<String> record) {
        return Tool.builder(name, Stage.Text.class, Stage.Text.class)
                .description("Rejects its input")
                .taskSupport(tasks)
                .handler((input, context) -> {
                    record.accept("rejected " + input.text());
                    throw new ToolException("The text was rejected");
                })
                .build();
    }
}
