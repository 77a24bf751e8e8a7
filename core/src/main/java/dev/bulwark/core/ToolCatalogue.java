package dev.bulwark.core;

import dev.bulwark.core.internal.presentation.tool.HeaderParameters;
import dev.bulwark.core.internal.presentation.tool.NamedCatalogue;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tools a server serves, added and removed while it runs, each change announced to the connected clients.
 * Thread-safe.
 */
public final class ToolCatalogue {

    private final NamedCatalogue<Tool<?, ?>> tools = new NamedCatalogue<>("tool", Tool::name);
    /** Set once the server is built: from then on a tool must be one a running server can serve. */
    private volatile boolean serving;
    /**
     * Whether the built server offers tasks: it declares them at the start only when a tool then takes them, so a tool
     * that joins later may run as a task only on such a server.
     */
    private volatile boolean tasks = true;

    /** An empty catalogue; a server builds its own, reached through {@link Bulwark#catalogue()}. */
    public ToolCatalogue() {}

    /** The tools served now, in the order they were added. The list does not change; the next call may differ. */
    public List<Tool<?, ?>> tools() {
        return tools.all();
    }

    /** The tool served now under {@code name}, or empty. */
    public Optional<Tool<?, ?>> tool(String name) {
        return tools.get(name);
    }

    /**
     * Serves {@code tool} from now on and announces the change.
     *
     * @throws IllegalArgumentException when a tool of its name is served, or {@link #refusal} names why it cannot be
     */
    public void add(Tool<?, ?> tool) {
        change(List.of(), List.of(Objects.requireNonNull(tool, "tool")));
    }

    /** Stops serving the tool named {@code name} and announces the change; false when none is served. */
    public boolean remove(String name) {
        if (tools.get(name).isEmpty()) {
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
        tools.change(
                removed,
                added,
                tool -> refusal(tool).ifPresent(reason -> {
                    throw new IllegalArgumentException(reason);
                }));
    }

    /**
     * Runs {@code changed} after each change, on the thread that made it, until the returned handle is closed. A
     * listener that throws is logged and does not stop the others.
     */
    public AutoCloseable listen(Runnable changed) {
        return tools.listen(changed);
    }

    /**
     * Whether a tool added now may run as a task: before the server is built, or on one that offers tasks (one whose
     * tools at the start take them).
     */
    public boolean takesTasks() {
        return !serving || tasks;
    }

    /**
     * Marks the server built: a tool added from now on passes the same pipeline, but may not take arguments from HTTP
     * headers, which are wired when the server is built, nor run as a task unless {@code tasksOffered}.
     */
    void serving(boolean tasksOffered) {
        tasks = tasksOffered;
        serving = true;
    }

    /**
     * Why {@code tool} cannot be added now, or empty when it can (its name aside): lets one who adds many tools leave
     * out only those that cannot be served, rather than have the whole change refused.
     */
    public Optional<String> refusal(Tool<?, ?> tool) {
        Objects.requireNonNull(tool, "tool");
        if (!serving) {
            return Optional.empty();
        }
        if (tool.taskSupport() != Tool.TaskSupport.FORBIDDEN && !tasks) {
            return Optional.of("Tool '" + tool.name()
                    + "' runs as a task: this server offers no tasks, since no tool took them when it was built;"
                    + " register it before building");
        }
        if (!HeaderParameters.of(tool.name(), tool.inputSchema()).isEmpty()) {
            return Optional.of("Tool '" + tool.name()
                    + "' takes arguments from headers: a tool added while the server runs cannot; register it"
                    + " before building");
        }
        return Optional.empty();
    }
}
