package dev.bulwark.core;

/**
 * The code of a tool: receives the validated, typed input and the call context, returns a typed result. Throw
 * {@link dev.bulwark.core.ToolException} for an error the caller can act on; any other exception becomes a
 * generic error whose details go to the log only. Handlers may be called concurrently.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface ToolHandler<I, O> {

    ToolResult<O> handle(I input, CallContext context) throws Exception;
}
