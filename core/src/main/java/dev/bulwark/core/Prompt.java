package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.RequiredScopes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt template the client can list and fill in: named arguments and a renderer of its messages. Immutable and
 * thread-safe if the renderer is.
 *
 * @param name the prompt name
 * @param description what it is for
 * @param arguments the arguments it takes
 * @param renderer produces the message text from the arguments
 * @param requiredScopes the scopes a caller must hold to get it or complete its arguments (none by default)
 */
public record Prompt(
        String name, String description, List<Argument> arguments, Renderer renderer, Set<String> requiredScopes) {

    public Prompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(renderer, "renderer");
        requiredScopes = RequiredScopes.copyOf(requiredScopes, "prompt '" + name + "'");
    }

    /** A prompt every authenticated caller may get. */
    public Prompt(String name, String description, List<Argument> arguments, Renderer renderer) {
        this(name, description, arguments, renderer, Set.of());
    }

    /** This prompt, available only to callers holding every one of {@code scopes}. */
    public Prompt withRequiredScopes(String... scopes) {
        return new Prompt(name, description, arguments, renderer, RequiredScopes.listed(scopes));
    }

    /** A prompt whose renderer produces a sequence of messages of any content. */
    public static Prompt withMessages(
            String name, String description, List<Argument> arguments, MessagesRenderer renderer) {
        return new Prompt(name, description, arguments, renderer);
    }

    /**
     * Renders the prompt as messages: the messages renderer's, or one user message holding the text renderer's
     * text. Missing required arguments must be refused before this is called.
     */
    public List<Message> messages(Map<String, String> arguments, CallContext context) throws Exception {
        if (renderer instanceof MessagesRenderer messages) {
            List<Message> rendered = messages.messages(arguments, context);
            if (rendered == null || rendered.isEmpty()) {
                throw new IllegalStateException("prompt '" + name + "' rendered no messages");
            }
            return List.copyOf(rendered);
        }
        String text = renderer.render(arguments, context);
        if (text == null) {
            throw new IllegalStateException("prompt '" + name + "' rendered no text");
        }
        return List.of(Message.user(Content.text(text)));
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

    /**
     * Renders a prompt as a sequence of messages. Its text form is the text of those messages. May be called
     * concurrently.
     */
    @FunctionalInterface
    public interface MessagesRenderer extends Renderer {
        List<Message> messages(Map<String, String> arguments, CallContext context) throws Exception;

        @Override
        default String render(Map<String, String> arguments, CallContext context) throws Exception {
            StringBuilder text = new StringBuilder();
            for (Message message : messages(arguments, context)) {
                if (message.content() instanceof Content.Text item) {
                    text.append(text.length() == 0 ? "" : "\n").append(item.text());
                }
            }
            return text.toString();
        }
    }

    /** Who speaks a prompt message. */
    public enum Role {
        /** The user. */
        USER,
        /** The assistant (the model). */
        ASSISTANT
    }

    /**
     * One message of a rendered prompt.
     *
     * @param role who speaks it
     * @param content what it holds
     */
    public record Message(Role role, Content content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        /** A user message. */
        public static Message user(Content content) {
            return new Message(Role.USER, content);
        }

        /** An assistant message. */
        public static Message assistant(Content content) {
            return new Message(Role.ASSISTANT, content);
        }
    }
}
