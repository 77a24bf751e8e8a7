package dev.bulwark.tools.presentation.conformance;

import dev.bulwark.core.Completion;
import dev.bulwark.core.Content;
import dev.bulwark.core.Prompt;
import java.util.List;
import java.util.Locale;

/**
 * The prompts the conformance suite's {@code prompts-*} scenarios get, and the argument completion its
 * {@code completion-complete} scenario asks for. Stateless factory; the prompts are immutable.
 */
public final class ConformancePrompts {

    /** What {@code test_prompt_with_arguments}'s arguments complete from. */
    static final List<String> SUGGESTIONS = List.of("paris", "park", "party", "test", "testing", "value");

    private ConformancePrompts() {}

    /** Every conformance prompt. */
    public static List<Prompt> all() {
        return List.of(simple(), withArguments(), withEmbeddedResource(), withImage());
    }

    static Prompt simple() {
        return new Prompt(
                "test_simple_prompt",
                "A simple prompt for testing",
                List.of(),
                (arguments, context) -> "This is a simple prompt for testing.");
    }

    static Prompt withArguments() {
        return new Prompt(
                "test_prompt_with_arguments",
                "A prompt with arguments for testing",
                List.of(
                        new Prompt.Argument("arg1", "First test argument", true),
                        new Prompt.Argument("arg2", "Second test argument", true)),
                (arguments, context) -> "Prompt with arguments: arg1='" + arguments.get("arg1") + "', arg2='"
                        + arguments.get("arg2") + "'");
    }

    static Prompt withEmbeddedResource() {
        return Prompt.withMessages(
                "test_prompt_with_embedded_resource",
                "A prompt with embedded resource for testing",
                List.of(new Prompt.Argument("resourceUri", "URI of the resource to embed", true)),
                (arguments, context) -> List.of(
                        Prompt.Message.user(Content.embedded(
                                arguments.get("resourceUri"), "text/plain", "Embedded resource content for testing.")),
                        Prompt.Message.user(Content.text("Please process the embedded resource above."))));
    }

    static Prompt withImage() {
        return Prompt.withMessages(
                "test_prompt_with_image",
                "A prompt with image content for testing",
                List.of(),
                (arguments, context) -> List.of(
                        Prompt.Message.user(new Content.Image(ConformanceMedia.RED_PIXEL_PNG, "image/png")),
                        Prompt.Message.user(Content.text("Please analyze the image above."))));
    }

    /** Completes both arguments of {@code test_prompt_with_arguments} from {@link #SUGGESTIONS} by prefix. */
    public static Completion argumentCompletion() {
        return Completion.forPrompt("test_prompt_with_arguments", (request, context) -> {
            String typed = request.value().toLowerCase(Locale.ROOT);
            return SUGGESTIONS.stream().filter(value -> value.startsWith(typed)).toList();
        });
    }
}
