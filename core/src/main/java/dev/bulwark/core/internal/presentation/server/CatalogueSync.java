package dev.bulwark.core.internal.presentation.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one SDK server's entries of a kind (prompts, resources, resource templates) those of a catalogue now: after
 * each change, an entry gone or replaced is removed from the server, and a new one added (the SDK's session server
 * then tells its clients). Thread-safe.
 *
 * @param <T> the entry type
 */
final class CatalogueSync<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSync.class);

    private final Supplier<List<T>> catalogue;
    private final Function<T, String> nameOf;
    private final Consumer<T> add;
    private final Consumer<String> remove;
    /** The entries the server holds now, by name; guarded by {@code this}. */
    private final Map<String, T> served = new HashMap<>();

    private CatalogueSync(
            Supplier<List<T>> catalogue,
            Function<T, String> nameOf,
            List<T> served,
            Consumer<T> add,
            Consumer<String> remove) {
        this.catalogue = catalogue;
        this.nameOf = nameOf;
        this.add = add;
        this.remove = remove;
        served.forEach(entry -> this.served.put(nameOf.apply(entry), entry));
    }

    /**
     * Follows a catalogue, whose entries now {@code catalogue} gives and whose changes {@code listen} hears, for a
     * server given {@code served} when it was built, until the returned handle is closed; a change made meanwhile is
     * caught up at once.
     */
    static <T> AutoCloseable follow(
            Supplier<List<T>> catalogue,
            Function<Runnable, AutoCloseable> listen,
            Function<T, String> nameOf,
            List<T> served,
            Consumer<T> add,
            Consumer<String> remove) {
        CatalogueSync<T> sync = new CatalogueSync<>(catalogue, nameOf, served, add, remove);
        AutoCloseable handle = listen.apply(sync::sync);
        sync.sync();
        return handle;
    }

    private synchronized void sync() {
        List<T> now = catalogue.get();
        Map<String, T> next = new HashMap<>();
        now.forEach(entry -> next.put(nameOf.apply(entry), entry));
        for (T held : List.copyOf(served.values())) {
            String name = nameOf.apply(held);
            if (next.get(name) != held) {
                served.remove(name);
                apply(() -> remove.accept(name), name);
            }
        }
        for (T entry : now) {
            String name = nameOf.apply(entry);
            if (!served.containsKey(name)) {
                served.put(name, entry);
                apply(() -> add.accept(entry), name);
            }
        }
    }

    private static void apply(Runnable change, String name) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.debug("A server's entry {} could not be changed: {}", name, e.toString());
        }
    }
}
