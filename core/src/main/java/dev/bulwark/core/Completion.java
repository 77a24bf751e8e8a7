package dev.bulwark.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Argument completion for one prompt or resource template; a catalogue entry whose renderer or reader is a
 * {@link Completer} completes with it. Immutable; thread-safe if the completer is.
 *
 * @param target prompt or resource template
 * @param name the prompt name, or the resource template's URI template
 * @param completer suggests values
 */
public record Completion(Target target, String name, Completer completer) {

    /** The most values one answer may carry (the MCP limit); the rest are reported as "more available". */
    public static final int MAX_VALUES = 100;

    public Completion {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(completer, "completer");
    }

    /** Completes the arguments of the prompt named {@code promptName}. */
    public static Completion forPrompt(String promptName, Completer completer) {
        return new Completion(Target.PROMPT, promptName, completer);
    }

    /** Completes the variables of the resource template {@code uriTemplate}. */
    public static Completion forResourceTemplate(String uriTemplate, Completer completer) {
        return new Completion(Target.RESOURCE_TEMPLATE, uriTemplate, completer);
    }

    /** What a completion is for. */
    public enum Target {
        /** A prompt, named by its name. */
        PROMPT,
        /** A resource template, named by its URI template. */
        RESOURCE_TEMPLATE
    }

    /**
     * One completion request.
     *
     * @param argument the name of the argument (or template variable) being completed
     * @param value what the user has typed so far
     * @param arguments the values of arguments already filled in, by name
     */
    public record Request(String argument, String value, Map<String, String> arguments) {
        public Request {
            Objects.requireNonNull(argument, "argument");
            value = value == null ? "" : value;
            arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        }
    }

    /** Suggests values for an argument, best first. May be called concurrently. */
    @FunctionalInterface
    public interface Completer {
        List<String> complete(Request request, CallContext context) throws Exception;
    }
}
