package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.ToolMethods;

import java.lang.invoke.MethodHandles;

/**
 * Turns the {@link McpTool} methods of any object into a {@link ToolPack}, for any application, with or without a
 * container:
 *
 * <pre>{@code
 * Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).pack(AnnotatedTools.from(new GreetTools())).build();
 * }</pre>
 *
 * <p>Parameters become the arguments. A {@link CallContext} parameter, anywhere, is the call's context. A method
 * whose only other parameter is a record takes the whole input as that record, as a {@link Tool} with an input
 * record does. Otherwise each parameter is one argument, named by {@link ToolParam#name()} or its own name (compile
 * with {@code -parameters}): a {@code String}, a number, a {@code boolean}, an enum, a {@code java.time} value, a
 * {@code List} or {@code Set} of those, or an {@code Optional} of one. An argument is required unless its parameter
 * is an {@code Optional} (or {@code OptionalInt}, ...) or {@code @ToolParam(required = false)}, which is then
 * {@code null} when left out.
 *
 * <p>The return value becomes the result: a {@link ToolResult} as it is, a {@code String} as a text-only result,
 * {@code void} as a text-only result with empty text, and anything else (a record, a {@code Map}) as
 * {@link ToolResult#of(Object)}. A method that throws is answered as a {@link ToolHandler} that throws: a
 * {@link ToolException}'s message reaches the caller, any other exception becomes a generic error whose details go
 * to the log only. Methods are called through method handles made once, here.
 *
 * <p>Every mistake is reported here, each with its class and method, so a server with one never starts: two tools
 * with one name, a parameter of another type, a parameter without a name, a method that is not public or a class
 * that cannot be called, an invalid name or option. Stateless.
 */
public final class AnnotatedTools {

    private AnnotatedTools() {
    }

    /**
     * The pack of {@code tools}' {@code @McpTool} methods, declared on its class or its superclasses, which must be
     * public.
     *
     * @throws IllegalArgumentException naming each method that cannot be a tool, and why
     */
    public static ToolPack from(Object tools) {
        return ToolMethods.of(tools, MethodHandles.publicLookup());
    }

    /**
     * The pack of {@code tools}' {@code @McpTool} methods, called through {@code lookup}: pass
     * {@code MethodHandles.lookup()} from code in the class's package when that class is not public. The methods
     * must still be public.
     *
     * @throws IllegalArgumentException naming each method that cannot be a tool, and why
     */
    public static ToolPack from(Object tools, MethodHandles.Lookup lookup) {
        return ToolMethods.of(tools, lookup);
    }
}
