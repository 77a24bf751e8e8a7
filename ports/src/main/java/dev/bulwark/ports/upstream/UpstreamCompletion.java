package dev.bulwark.ports.upstream;

import java.util.Map;
import java.util.Objects;

/**
 * One argument completion ({@code completion/complete}) asked of an upstream, in the upstream's own names. Immutable.
 *
 * @param target whether {@code name} names a prompt or a resource template
 * @param name the upstream's prompt name, or its resource template's URI template
 * @param argument the argument (or template variable) being completed
 * @param value what the user has typed so far
 * @param arguments the values of arguments already filled in, by name
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
