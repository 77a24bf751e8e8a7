package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/** Pipelines for the tests of other packages, built from this package's own types. */
public final class TestPipelines {

    private TestPipelines() {}

    /** {@code terminal}, nothing before it. */
    public static ToolPipeline ending(Function<ToolInvocation, CompletableFuture<CallToolResult>> terminal) {
        return new ToolPipeline(List.of(), terminal::apply);
    }

    /** The handler invoked, nothing before it. */
    public static ToolPipeline invoking(ObjectMapper mapper) {
        return new ToolPipeline(List.of(), new HandlerInvoker(mapper));
    }

    /** Errors mapped to results, then the handler invoked. */
    public static ToolPipeline mappingErrors(ObjectMapper mapper) {
        return new ToolPipeline(List.of(new ErrorMappingInterceptor()), new HandlerInvoker(mapper));
    }

    /** Resilience (timeouts, bulkheads, isolated handlers on {@code toolExecutor}) around {@code terminal}. */
    public static ToolPipeline resilient(
            ExecutorService toolExecutor,
            Duration defaultTimeout,
            int serverConcurrency,
            int defaultPerToolConcurrency,
            Function<ToolInvocation, CompletableFuture<CallToolResult>> terminal) {
        return new ToolPipeline(
                List.of(new ResilienceInterceptor(
                        toolExecutor, defaultTimeout, serverConcurrency, defaultPerToolConcurrency)),
                terminal::apply);
    }

    /** As {@link #resilient(ExecutorService, Duration, int, int, Function)}, whose deadlines pass when the test says. */
    public static ToolPipeline resilient(
            ExecutorService toolExecutor,
            Duration defaultTimeout,
            int serverConcurrency,
            int defaultPerToolConcurrency,
            DeadlinesByHand deadlines,
            Function<ToolInvocation, CompletableFuture<CallToolResult>> terminal) {
        return new ToolPipeline(
                List.of(new ResilienceInterceptor(
                        toolExecutor, defaultTimeout, serverConcurrency, defaultPerToolConcurrency, deadlines.timer())),
                terminal::apply);
    }
}
