package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.HeaderParameters;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools a server serves, added and removed while it runs, each change announced to the connected clients.
 * Thread-safe.
 */
public final class ToolCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCatalogue.class);

    /** Guards changes; reads take the current list without it. */
    private final Object lock = new Object();

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** The tools by name, in the order they were added; replaced whole on each change. */
    private volatile Map<String, Tool<?, ?>> byName = Map.of();
    /** The tools in order; a new list after each change, so its identity tells a change. */
    private volatile List<Tool<?, ?>> tools = List.of();
    /** Set once the server is built: from then on a tool must be one a running server can serve. */
    private volatile boolean serving;

    /** An empty catalogue; a server builds its own, reached through {@link Bulwark#catalogue()}. */
    public ToolCatalogue() {}

    /** The tools served now, in the order they were added. The list does not change; the next call may differ. */
    public List<Tool<?, ?>> tools() {
        return tools;
    }

    /** The tool served now under {@code name}, or empty. */
    public Optional<Tool<?, ?>> tool(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Serves {@code tool} from now on and announces the change.
     *
     * @throws IllegalArgumentException when a tool of its name is served, or (once serving) it runs as a task or
     *     takes arguments from headers
     */
    public void add(Tool<?, ?> tool) {
        change(List.of(), List.of(Objects.requireNonNull(tool, "tool")));
    }

    /** Stops serving the tool named {@code name} and announces the change; false when none is served. */
    public boolean remove(String name) {
        if (!byName.containsKey(name)) {
            return false;
        }
        change(List.of(name), List.of());
        return true;
    }

    /**
     * Removes the tools named in {@code removed} (names not served are ignored), then adds {@code added}, as one change
     * announced once. Nothing changes when it throws.
     *
     * @throws IllegalArgumentException as {@link #add} does, for any tool of {@code added}
     */
    public void change(Collection<String> removed, Collection<? extends Tool<?, ?>> added) {
        synchronized (lock) {
            Map<String, Tool<?, ?>> next = new LinkedHashMap<>(byName);
            removed.forEach(next::remove);
            List<String> duplicates = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Tool<?, ?> tool : added) {
                if (serving) {
                    requireServable(tool);
                }
                if (!seen.add(tool.name()) || next.containsKey(tool.name())) {
                    duplicates.add(tool.name());
                }
                next.put(tool.name(), tool);
            }
            if (!duplicates.isEmpty()) {
                throw new IllegalArgumentException("duplicate tool name(s): " + duplicates);
            }
            if (removed.isEmpty() && added.isEmpty()) {
                return;
            }
            byName = Map.copyOf(next);
            tools = List.copyOf(next.values());
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

    /**
     * Marks the server built: a tool added from now on passes the same pipeline, but may not run as a task nor take
     * arguments from HTTP headers, which are wired when the server is built.
     */
    void serving() {
        serving = true;
    }

    private static void requireServable(Tool<?, ?> tool) {
        if (tool.taskSupport() != Tool.TaskSupport.FORBIDDEN) {
            throw new IllegalArgumentException("Tool '" + tool.name()
                    + "' runs as a task: a tool added while the server runs cannot; register it before building");
        }
        if (!HeaderParameters.of(tool.name(), tool.inputSchema()).isEmpty()) {
            throw new IllegalArgumentException("Tool '" + tool.name()
                    + "' takes arguments from headers: a tool added while the server runs cannot; register it"
                    + " before building");
        }
    }

    private void announce() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A change of the tool list could not be announced: {}", e.toString());
            }
        }
    }
}
