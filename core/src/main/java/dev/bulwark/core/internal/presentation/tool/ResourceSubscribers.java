package dev.bulwark.core.internal.presentation.tool;

import dev.bulwark.core.ResourceWatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The subscribers (sessions, listen streams) of each URI a {@link ResourceWatch} follows, in both eras: the watch is
 * told of a URI's first subscriber and of its last leaving, so a URI is followed once however many subscribe.
 * Thread-safe.
 */
public final class ResourceSubscribers {

    private final ResourceWatch watch;
    /** Guarded by {@code this}. */
    private final Map<String, Set<Object>> byUri = new HashMap<>();

    public ResourceSubscribers(ResourceWatch watch) {
        this.watch = Objects.requireNonNull(watch, "watch");
    }

    /** Whether subscriptions to {@code uri} are the watch's. */
    public boolean watches(String uri) {
        return watch.watches(uri);
    }

    /**
     * Adds {@code subscriber} to {@code uri}'s; the first one starts the watch.
     *
     * @throws ResourceWatch.RefusedException when the watch cannot follow it; nothing is then added
     */
    public synchronized void subscribe(String uri, Object subscriber) {
        Set<Object> subscribers = byUri.get(uri);
        if (subscribers == null) {
            watch.watch(uri);
            subscribers = new HashSet<>();
            byUri.put(uri, subscribers);
        }
        subscribers.add(subscriber);
    }

    /** Takes {@code subscriber} from {@code uri}'s; the last one leaving stops the watch. */
    public synchronized void unsubscribe(String uri, Object subscriber) {
        Set<Object> subscribers = byUri.get(uri);
        if (subscribers != null && subscribers.remove(subscriber) && subscribers.isEmpty()) {
            byUri.remove(uri);
            watch.unwatch(uri);
        }
    }

    /** Takes {@code subscriber} from every URI's: its session or stream ended. */
    public synchronized void unsubscribeAll(Object subscriber) {
        for (String uri : List.copyOf(byUri.keySet())) {
            unsubscribe(uri, subscriber);
        }
    }

    /** Whether {@code subscriber} is subscribed to {@code uri}. */
    public synchronized boolean subscribed(String uri, Object subscriber) {
        Set<Object> subscribers = byUri.get(uri);
        return subscribers != null && subscribers.contains(subscriber);
    }
}
