package dev.bulwark.core.internal.presentation.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries served by their unique names, changed while the server runs, each change announced to its listeners: what
 * the tool and prompt catalogues share. Thread-safe.
 *
 * @param <T> the entry type
 */
public final class NamedCatalogue<T> {

    private static final Logger LOG = LoggerFactory.getLogger(NamedCatalogue.class);

    private final String kind;
    private final Function<T, String> nameOf;
    /** Guards changes; reads take the current list without it. */
    private final Object lock = new Object();

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** The entries by name, in the order they were added; replaced whole on each change. */
    private volatile Map<String, T> byName = Map.of();
    /** The entries in order; a new list after each change, so its identity tells a change. */
    private volatile List<T> entries = List.of();

    /**
     * @param kind what an entry is, for messages ({@code tool}, {@code prompt})
     * @param nameOf an entry's name
     */
    public NamedCatalogue(String kind, Function<T, String> nameOf) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.nameOf = Objects.requireNonNull(nameOf, "nameOf");
    }

    /** The entries served now, in the order they were added. The list does not change; the next call may differ. */
    public List<T> all() {
        return entries;
    }

    /** The entry served now under {@code name}, or empty. */
    public Optional<T> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Removes the entries named in {@code removed} (names not served are ignored), then adds {@code added}, each
     * passed to {@code check} first, as one change announced once. Nothing changes when it throws.
     *
     * @throws IllegalArgumentException when a name of {@code added} is served or given twice, or {@code check} throws
     */
    public void change(Collection<String> removed, Collection<? extends T> added, Consumer<? super T> check) {
        synchronized (lock) {
            Map<String, T> next = new LinkedHashMap<>(byName);
            removed.forEach(next::remove);
            List<String> duplicates = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (T entry : added) {
                Objects.requireNonNull(entry, kind);
                check.accept(entry);
                String name = nameOf.apply(entry);
                if (!seen.add(name) || next.containsKey(name)) {
                    duplicates.add(name);
                }
                next.put(name, entry);
            }
            if (!duplicates.isEmpty()) {
                throw new IllegalArgumentException("duplicate " + kind + " name(s): " + duplicates);
            }
            if (removed.isEmpty() && added.isEmpty()) {
                return;
            }
            byName = Map.copyOf(next);
            entries = List.copyOf(next.values());
        }
        announce();
    }

    /**
     * Runs {@code changed} after each change, on the thread that made it, until the returned handle is closed. A
     * listener that throws is logged and does not stop the others.
     */
    public AutoCloseable listen(Runnable changed) {
        Objects.requireNonNull(changed, "changed");
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    private void announce() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A change of the {} list could not be announced: {}", kind, e.toString());
            }
        }
    }
}
