package dev.bulwark.ports.upstream;

import java.util.List;
import java.util.Objects;

/**
 * One prompt an upstream MCP server lists, as it lists it. Immutable.
 *
 * @param name its name upstream
 * @param title its title, or empty
 * @param description its description, or empty
 * @param arguments the arguments it takes, in order
 */
public record UpstreamPrompt(String name, String title, String description, List<Argument> arguments) {

    /** Requires every part. */
    public UpstreamPrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        arguments = List.copyOf(arguments);
    }

    /**
     * One argument of an upstream prompt.
     *
     * @param name its name
     * @param description what it means, or empty
     * @param required whether the prompt needs it
     */
    public record Argument(String name, String description, boolean required) {

        /** Requires every part. */
        public Argument {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }
}
