package dev.bulwark.core.presentation.tool;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt template the client can list and fill in: named arguments and a renderer that turns them into the text
 * of one user message. Immutable and thread-safe if the renderer is.
 *
 * @param name the prompt name
 * @param description what it is for
 * @param arguments the arguments it takes
 * @param renderer produces the message text from the arguments
 */
public record Prompt(String name, String description, List<Argument> arguments, Renderer renderer) {

    public Prompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(renderer, "renderer");
    }

    /**
     * One argument of a prompt.
     *
     * @param name the argument name
     * @param description what it means
     * @param required whether the client must supply it
     */
    public record Argument(String name, String description, boolean required) {
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }

    /** Renders a prompt. Missing required arguments are refused before it is called. May be called concurrently. */
    @FunctionalInterface
    public interface Renderer {
        String render(Map<String, String> arguments, CallContext context) throws Exception;
    }
}
