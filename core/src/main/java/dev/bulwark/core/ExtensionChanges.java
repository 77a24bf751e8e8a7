package dev.bulwark.core;

/**
 * Where a server hears that an {@link Extension}'s resources changed while it serves them, so that it announces the
 * change to its clients ({@code notifications/resources/list_changed}). Implementations are thread-safe.
 */
@FunctionalInterface
public interface ExtensionChanges {

    /**
     * Runs {@code changed} after each change of the extension's resources (added, removed or changed), on any thread,
     * until the returned handle is closed.
     */
    AutoCloseable listen(Runnable changed);
}
