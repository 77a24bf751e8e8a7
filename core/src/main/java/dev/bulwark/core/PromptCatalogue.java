package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.NamedCatalogue;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The prompts a server serves, added and removed while it runs, each change announced to the connected clients, as
 * the {@link ToolCatalogue} does for tools. Thread-safe.
 */
public final class PromptCatalogue {

    private final NamedCatalogue<Prompt> prompts = new NamedCatalogue<>("prompt", Prompt::name);

    /** An empty catalogue; a server builds its own, reached through {@link ToolPackContext#promptCatalogue()}. */
    public PromptCatalogue() {}

    /** The prompts served now, in the order they were added. The list does not change; the next call may differ. */
    public List<Prompt> prompts() {
        return prompts.all();
    }

    /** The prompt served now under {@code name}, or empty. */
    public Optional<Prompt> prompt(String name) {
        return prompts.get(name);
    }

    /**
     * Serves {@code prompt} from now on and announces the change.
     *
     * @throws IllegalArgumentException when a prompt of its name is served
     */
    public void add(Prompt prompt) {
        change(List.of(), List.of(Objects.requireNonNull(prompt, "prompt")));
    }

    /** Stops serving the prompt named {@code name} and announces the change; false when none is served. */
    public boolean remove(String name) {
        if (prompts.get(name).isEmpty()) {
            return false;
        }
        change(List.of(name), List.of());
        return true;
    }

    /**
     * Removes the prompts named in {@code removed} (names not served are ignored), then adds {@code added}, as one
     * change announced once. Nothing changes when it throws.
     *
     * @throws IllegalArgumentException when a name of {@code added} is served or given twice
     */
    public void change(Collection<String> removed, Collection<Prompt> added) {
        prompts.change(removed, added, prompt -> {});
    }

    /**
     * Runs {@code changed} after each change, on the thread that made it, until the returned handle is closed. A
     * listener that throws is logged and does not stop the others.
     */
    public AutoCloseable listen(Runnable changed) {
        return prompts.listen(changed);
    }
}
