package dev.bulwark.core;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Where a pack tells the server that a resource changed, for the clients subscribed to it; and the {@link ResourceWatch}
 * the pack follows its updates with, if any. Thread-safe.
 */
public final class ResourceUpdates {

    private final Set<Consumer<String>> listeners = new CopyOnWriteArraySet<>();
    private volatile ResourceWatch watch;

    /** Made by the server's features. */
    public ResourceUpdates() {}

    /** Tells every client subscribed to {@code uri} that it changed: on its session, or on its listen stream. */
    public void updated(String uri) {
        Objects.requireNonNull(uri, "uri");
        listeners.forEach(listener -> listener.accept(uri));
    }

    /** For the server: runs {@code listener} with each updated URI until the handle returned is closed. */
    public AutoCloseable listen(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** The watch a pack registered, if any. */
    public Optional<ResourceWatch> watch() {
        return Optional.ofNullable(watch);
    }

    void watchWith(ResourceWatch watch) {
        if (this.watch != null) {
            throw new IllegalStateException("One pack watches resources: another already registered a ResourceWatch");
        }
        this.watch = Objects.requireNonNull(watch, "watch");
    }
}
