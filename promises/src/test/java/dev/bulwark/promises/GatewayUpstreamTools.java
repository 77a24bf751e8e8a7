package dev.bulwark.promises;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tools of the matrix's upstream MCP server, whether it runs in the test's process or as a child over stdio:
 * {@code echo}, {@code erase}, {@code fail}, and {@code slow}, which runs until its call is cancelled or the server
 * closes.
 */
final class GatewayUpstreamTools {

    private GatewayUpstreamTools() {}

    /**
     * The four tools.
     *
     * @param erased run each time {@code erase} runs
     * @param slowStopped run when {@code slow} sees that its call was cancelled or its thread interrupted
     * @param closing completed when the server closes: a {@code slow} call still running ends then
     */
    static List<Tool<?, ?>> of(Runnable erased, Runnable slowStopped, CompletableFuture<Void> closing) {
        return List.of(
                Tool.builder("echo", Stage.Text.class, Stage.Text.class)
                        .description("Says the text back")
                        .handler((input, context) -> ToolResult.of(input))
                        .build(),
                Tool.builder("erase", Stage.Id.class, Stage.Text.class)
                        .description("Erases an item")
                        .handler((input, context) -> {
                            erased.run();
                            return ToolResult.of(new Stage.Text("erased " + input.id()));
                        })
                        .build(),
                Tool.builder("slow", Stage.Text.class, Stage.Text.class)
                        .description("Answers when the stage closes, unless its call is cancelled first")
                        // far past the gateway's deadline: only the gateway's cancelling stops it
                        .timeout(Stage.HOLD_TIMEOUT)
                        .notRateLimited()
                        .handler((input, context) -> {
                            while (!closing.isDone()) {
                                if (context.isCancelled()) {
                                    slowStopped.run();
                                    throw new IllegalStateException("the slow upstream tool was cancelled");
                                }
                                try {
                                    closing.get(20, TimeUnit.MILLISECONDS);
                                } catch (TimeoutException e) {
                                    // still running: look at the call again
                                } catch (InterruptedException e) {
                                    slowStopped.run();
                                    Thread.currentThread().interrupt();
                                    throw new IllegalStateException("the slow upstream tool was interrupted");
                                } catch (ExecutionException e) {
                                    throw new IllegalStateException("the stage's closing failed", e);
                                }
                            }
                            return ToolResult.of(new Stage.Text("too late"));
                        })
                        .build(),
                Tool.builder("fail", Stage.Text.class, Stage.Text.class)
                        .description("Fails on the upstream's side")
                        .handler((input, context) -> {
                            throw new IllegalStateException("the upstream tool fails on purpose");
                        })
                        .build());
    }
}
