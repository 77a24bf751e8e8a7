package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.ClientFeatureUnavailableException;
import dev.bulwark.core.DependencyFailureException;
import dev.bulwark.core.RateLimitExceededException;
import dev.bulwark.core.internal.presentation.era2026.InputRequiredSignal;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.WriteOutcomeUnknownException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a {@code CallToolResult} with {@code isError: true} and a message a model can act on.
 */
public final class ErrorMappingInterceptor implements ToolInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        return CallOutcomes.proceed(next, invocation).handle((result, failure) -> {
            if (failure == null) {
                return result;
            }
            Throwable cause = CallOutcomes.causeOf(failure);
            if (cause instanceof InputRequiredSignal || isFatal(cause)) {
                throw CallOutcomes.inStage(cause);
            }
            return toResult(invocation, cause);
        });
    }

    /**
     * Whether {@code failure} is an internal error of the JVM itself ({@link InternalError}, {@link UnknownError}), so
     * that it must travel on rather than be answered. Neither a {@link StackOverflowError} nor an
     * {@link OutOfMemoryError} is: the stack it overflowed is unwound by the time it is caught, and the allocation
     * that failed (one huge value, say) was never made, so the memory is there for the next call; either is answered
     * like any other failure, since the SDK and Reactor drop what travels on and the call would never be answered. A
     * JVM that should stop when it runs out of memory runs with {@code -XX:+ExitOnOutOfMemoryError} (the deployment
     * examples do), which ends it before anything can catch the error.
     */
    public static boolean isFatal(Throwable failure) {
        return failure instanceof VirtualMachineError
                && !(failure instanceof StackOverflowError || failure instanceof OutOfMemoryError);
    }

    static CallToolResult toResult(ToolInvocation invocation, Throwable failure) {
        return toResult(invocation.toolName(), invocation.context().requestId(), failure);
    }

    /** The error result of a call of {@code toolName} (request id {@code requestId}) that failed with {@code failure}. */
    public static CallToolResult toResult(String toolName, String requestId, Throwable failure) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(ResultMeta.ERROR_TYPE, ErrorTypes.of(failure));
        meta.put(ResultMeta.REQUEST_ID, requestId);
        String message;
        if (failure instanceof BulwarkException known) {
            message = known.getMessage() != null
                    ? known.getMessage()
                    : "Tool '" + toolName + "' failed without saying why (request id " + requestId + ")";
            if (known instanceof RateLimitExceededException limited) {
                meta.put(
                        ResultMeta.RETRY_AFTER_MS,
                        Math.max(1, limited.retryAfter().toMillis()));
            }
            if (known instanceof ClientFeatureUnavailableException missing) {
                meta.put(ResultMeta.CLIENT_FEATURE, missing.feature());
            }
            if (known instanceof DependencyFailureException) {
                LOG.warn("Tool call failed: {}", message, known.getCause());
            } else if (known.getCause() != null) {
                // The caller's mistake, answered with a message saying what to change. Its text and its cause's
                // can quote the call's arguments (a statement and its values, an email, a pattern): not logged.
                LOG.debug(
                        "Tool call refused ({}), caused by {}",
                        meta.get(ResultMeta.ERROR_TYPE),
                        known.getCause().getClass().getName());
            }
        } else if (failure instanceof DependencyUnavailableException outage) {
            message = (outage instanceof WriteOutcomeUnknownException
                            ? DependencyFailureException.whileWriting(outage.dependency(), outage)
                            : new DependencyFailureException(outage.dependency(), outage))
                    .getMessage();
            LOG.warn("Tool call failed: dependency {} unavailable", outage.dependency(), outage);
        } else {
            message = "Internal error in tool '" + toolName + "'. It was logged with request id " + requestId
                    + "; quote it when reporting the problem.";
            if (failure instanceof OutOfMemoryError) {
                LOG.error(
                        "Tool call ran out of memory; answered as an internal error (start the JVM with"
                                + " -XX:+ExitOnOutOfMemoryError to have it stop instead)",
                        failure);
            } else {
                LOG.error("Tool call failed with an unexpected error", failure);
            }
        }
        return CallToolResult.builder()
                .content(List.of(TextContent.builder(message).build()))
                .isError(true)
                .meta(meta)
                .build();
    }
}
