package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.ToolMethods;
import java.lang.invoke.MethodHandles;

/**
 * Turns the {@link McpTool} methods of any object into a {@link ToolPack}, in any application; docs/tool-authors.md
 * maps parameters and results. Stateless.
 *
 * <pre>{@code
 * Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).pack(AnnotatedTools.from(new GreetTools())).build();
 * }</pre>
 */
public final class AnnotatedTools {

    private AnnotatedTools() {}

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
