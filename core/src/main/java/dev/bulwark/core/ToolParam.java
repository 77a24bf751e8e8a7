package dev.bulwark.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one field of a tool's input record, or one parameter of an {@link McpTool} method, in the generated JSON
 * Schema. Fields are required unless marked {@code required = false} or typed {@link java.util.Optional}.
 *
 * <pre>{@code
 * record GreetInput(@ToolParam(description = "Who to greet") String name,
 *                   @ToolParam(description = "Greeting language", required = false) String language) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.PARAMETER})
public @interface ToolParam {

    /** What the field means, shown to the model. */
    String description() default "";

    /** Whether the caller must supply it. */
    boolean required() default true;

    /**
     * The argument's name, for a parameter of an {@link McpTool} method; empty means the parameter's own name, which
     * needs the {@code -parameters} compiler flag. A record component is named by its own name or
     * {@code @JsonProperty}; a name here is refused.
     */
    String name() default "";
}
