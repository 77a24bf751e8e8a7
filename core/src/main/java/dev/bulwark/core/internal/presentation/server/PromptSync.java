package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one SDK server's prompts those of the {@link PromptCatalogue} now: after each change, a prompt gone or
 * replaced is removed from the server, and a new one added (the SDK's session server then tells its clients).
 * Thread-safe.
 */
final class PromptSync {

    private static final Logger LOG = LoggerFactory.getLogger(PromptSync.class);

    private final PromptCatalogue catalogue;
    private final Consumer<Prompt> add;
    private final Consumer<String> remove;
    /** The prompts the server holds now, by name; guarded by {@code this}. */
    private final Map<String, Prompt> served = new HashMap<>();

    private PromptSync(PromptCatalogue catalogue, List<Prompt> served, Consumer<Prompt> add, Consumer<String> remove) {
        this.catalogue = catalogue;
        this.add = add;
        this.remove = remove;
        served.forEach(prompt -> this.served.put(prompt.name(), prompt));
    }

    /**
     * Follows {@code catalogue} for a server given {@code served} when it was built, until the returned handle is
     * closed; a change made meanwhile is caught up at once.
     */
    static AutoCloseable follow(
            PromptCatalogue catalogue, List<Prompt> served, Consumer<Prompt> add, Consumer<String> remove) {
        PromptSync sync = new PromptSync(catalogue, served, add, remove);
        AutoCloseable handle = catalogue.listen(sync::sync);
        sync.sync();
        return handle;
    }

    private synchronized void sync() {
        List<Prompt> now = catalogue.prompts();
        Map<String, Prompt> next = new HashMap<>();
        now.forEach(prompt -> next.put(prompt.name(), prompt));
        for (Prompt held : List.copyOf(served.values())) {
            if (next.get(held.name()) != held) {
                served.remove(held.name());
                apply(() -> remove.accept(held.name()), held.name());
            }
        }
        for (Prompt prompt : now) {
            if (!served.containsKey(prompt.name())) {
                served.put(prompt.name(), prompt);
                apply(() -> add.accept(prompt), prompt.name());
            }
        }
    }

    private static void apply(Runnable change, String name) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.debug("A server's prompt {} could not be changed: {}", name, e.toString());
        }
    }
}
