package dev.bulwark.ports.upstream;

import java.util.Map;
import java.util.Objects;

/**
 * One argument completion asked of an upstream, in the upstream's own names. Immutable.
 *
 * @param target prompt or resource template
 * @param name the prompt name, or the URI template
 * @param argument the argument being completed
 * @param value what was typed so far
 * @param arguments the arguments filled in, by name
 */
public record UpstreamCompletion(
        Target target, String name, String argument, String value, Map<String, String> arguments) {

    public UpstreamCompletion {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argument, "argument");
        value = value == null ? "" : value;
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    /** What a completion is for. */
    public enum Target {
        /** A prompt, named by its name. */
        PROMPT,
        /** A resource template, named by its URI template. */
        RESOURCE_TEMPLATE
    }
}
