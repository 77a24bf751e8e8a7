package dev.bulwark.core;

/**
 * The code of a tool: typed input and call context in, typed result out. May be called concurrently.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface ToolHandler<I, O> {

    ToolResult<O> handle(I input, CallContext context) throws Exception;
}
