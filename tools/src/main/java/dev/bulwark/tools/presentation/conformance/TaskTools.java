package dev.bulwark.tools.presentation.conformance;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.ClientAnswers;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.ElicitationResult;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCancelledException;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.tools.presentation.conformance.ConformanceTools.NoArguments;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The tools of the conformance suite's {@code tasks-*} scenarios (the Tasks extension): a plain tool, and tools that
 * run as tasks, sleep, fail, ask for input while running, or ask for it before their task starts.
 */
public final class TaskTools {

    /** Long enough for the suite's 60-second computation, which it cancels. */
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(5);

    record GreetArguments(
            @ToolParam(description = "Whom to greet") String name) {}

    record SlowComputeArguments(
            @ToolParam(description = "How long to compute, in seconds (0 answers at once)")
            int seconds,

            @ToolParam(description = "A label echoed in the result")
            Optional<String> label) {}

    record ConfirmDeleteArguments(
            @ToolParam(description = "The file to delete") String filename) {}

    private TaskTools() {}

    /** Every tool of the {@code tasks-*} scenarios. */
    public static List<Tool<?, ?>> all() {
        return List.of(
                greet(), slowCompute(), failingJob(), protocolErrorJob(), confirmDelete(), multiInput(), withTask());
    }

    static Tool<GreetArguments, Void> greet() {
        return Tool.builder("greet", GreetArguments.class, Void.class)
                .description("Greets someone by name, at once (no task)")
                .handler((input, context) -> ToolResult.text("Hello, " + input.name() + "!"))
                .build();
    }

    static Tool<SlowComputeArguments, Void> slowCompute() {
        return Tool.builder("slow_compute", SlowComputeArguments.class, Void.class)
                .description("Computes for the given number of seconds, as a task when the client can poll one")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .timeout(TASK_TIMEOUT)
                .handler((input, context) -> {
                    work(context, "slow_compute", Duration.ofSeconds(Math.max(0, input.seconds())));
                    return ToolResult.text(
                            "Computed " + input.label().orElse("result") + " in " + input.seconds() + " s");
                })
                .build();
    }

    static Tool<NoArguments, Void> failingJob() {
        return Tool.builder("failing_job", NoArguments.class, Void.class)
                .description("Works for a second as a task, then reports a tool error")
                .taskSupport(Tool.TaskSupport.REQUIRED)
                .timeout(TASK_TIMEOUT)
                .handler((input, context) -> {
                    work(context, "failing_job", Duration.ofSeconds(1));
                    throw new ToolException("The job failed: its input was rejected");
                })
                .build();
    }

    static Tool<NoArguments, Void> protocolErrorJob() {
        return Tool.builder("protocol_error_job", NoArguments.class, Void.class)
                .description("Runs as a task and fails with an internal error (a protocol-level failure)")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .timeout(TASK_TIMEOUT)
                .handler((input, context) -> {
                    throw new IllegalStateException("the job broke down");
                })
                .build();
    }

    static Tool<ConfirmDeleteArguments, Void> confirmDelete() {
        ClientRequest.Elicitation confirm = ClientRequest.elicitation(
                "confirm_delete", "Delete the file?", InputRoundTools.form("confirm", "boolean"));
        return Tool.builder("confirm_delete", ConfirmDeleteArguments.class, Void.class)
                .description("Asks the user to confirm, then deletes the file (pretends to)")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .timeout(TASK_TIMEOUT)
                .handler((input, context) -> {
                    // asked once: in a session each ask is a request of its own
                    ElicitationResult answer = context.ask(confirm).elicitation(confirm.key());
                    boolean confirmed = answer.accepted()
                            && Boolean.TRUE.equals(answer.content().get("confirm"));
                    return ToolResult.text((confirmed ? "Deleted " : "Kept ") + input.filename());
                })
                .build();
    }

    static Tool<NoArguments, Void> multiInput() {
        ClientRequest.Elicitation first =
                ClientRequest.elicitation("first", "What is the first name?", InputRoundTools.form("name", "string"));
        ClientRequest.Elicitation second =
                ClientRequest.elicitation("second", "What is the second name?", InputRoundTools.form("name", "string"));
        return Tool.builder("multi_input", NoArguments.class, Void.class)
                .description("Asks two questions at once, then names both answers")
                .taskSupport(Tool.TaskSupport.OPTIONAL)
                .timeout(TASK_TIMEOUT)
                .handler((input, context) -> {
                    ClientAnswers answers = context.ask(first, second);
                    return ToolResult.text("Answers: " + InputRoundTools.nameIn(answers.elicitation(first.key())) + ", "
                            + InputRoundTools.nameIn(answers.elicitation(second.key())));
                })
                .build();
    }

    static Tool<NoArguments, Void> withTask() {
        return Tool.builder("test_tool_with_task", NoArguments.class, Void.class)
                .description("Asks the user's name, then greets them from a task")
                .taskSupport(Tool.TaskSupport.REQUIRED)
                .inputBeforeTask(InputRoundTools.USER_NAME)
                .timeout(TASK_TIMEOUT)
                .handler((input, context) -> ToolResult.text("Hello, "
                        + InputRoundTools.nameIn(
                                context.ask(InputRoundTools.USER_NAME).elicitation(InputRoundTools.USER_NAME.key()))
                        + "!"))
                .build();
    }

    /** Works for {@code duration}, stopping as soon as the call is cancelled. */
    private static void work(CallContext context, String tool, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (context.isCancelled()) {
                    throw new ToolCancelledException(tool);
                }
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolCancelledException(tool);
        }
    }
}
