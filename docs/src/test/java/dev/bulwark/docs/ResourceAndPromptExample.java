package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import java.util.List;

final class ResourceAndPromptExample {

    static Resource styleGuide() {
        return new Resource(
                "docs://style-guide",
                "style-guide",
                "The house writing style, for drafting replies",
                "text/markdown",
                context -> "# Style\nShort sentences. Active voice.");
    }

    static Prompt summarize() {
        return new Prompt(
                "summarize",
                "Summarize a text for a given audience",
                List.of(new Prompt.Argument("text", "The text to summarize", true),
                        new Prompt.Argument("audience", "Who will read the summary", false)),
                (arguments, context) -> "Summarize this for "
                        + arguments.getOrDefault("audience", "a general reader") + ":\n" + arguments.get("text"));
    }
}
// tool-authors:end
