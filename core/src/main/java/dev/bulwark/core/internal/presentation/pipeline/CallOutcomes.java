package dev.bulwark.core.internal.presentation.pipeline;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How pipeline stages read and pass on a call's outcome. Stateless.
 */
public final class CallOutcomes {

    private CallOutcomes() {}

    /**
     * Lets the call go on through {@code next}; what {@code next} throws becomes the failed outcome, so that a step
     * attaching to the outcome sees every failure (a linked chain already does this; a step called alone may not).
     */
    public static CompletableFuture<CallToolResult> proceed(ToolCallChain next, ToolInvocation invocation) {
        try {
            return next.proceed(invocation);
        } catch (RuntimeException | Error failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    /** The failure itself, unwrapped from the {@link CompletionException}s a future's stages wrap it in. */
    public static Throwable causeOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * The result of {@code outcome}, waiting for it; its failure is thrown as it was raised, not wrapped. Waits only
     * where a result must be had on this thread (the sync {@link ToolPipeline#execute}).
     */
    public static CallToolResult join(CompletableFuture<CallToolResult> outcome) {
        try {
            return outcome.join();
        } catch (CompletionException wrapped) {
            throw rethrown(causeOf(wrapped));
        }
    }

    /**
     * {@code failure} as something to throw: itself when it is a {@link RuntimeException}, thrown here when it is an
     * {@link Error}, else wrapped in an {@link IllegalStateException}. Use as {@code throw rethrown(failure)}.
     */
    public static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("tool call failed", failure);
    }

    /**
     * {@code failure} to throw inside a stage ({@code handle}, {@code thenApply}), so that the next stage sees it
     * wrapped once, as it would any other failure.
     */
    static CompletionException inStage(Throwable failure) {
        return failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
    }
}
