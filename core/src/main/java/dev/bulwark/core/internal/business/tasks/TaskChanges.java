package dev.bulwark.core.internal.business.tasks;

import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.tasks.TaskChangeFeed;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of the tasks: tells this instance's listeners of every change stored here, and, over the shared
 * {@link TaskChangeFeed} when there is one, of the changes the other instances store that they want, which it shares
 * with them in turn. Thread-safe.
 */
final class TaskChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskChanges.class);

    private final TaskStore store;
    private final Clock clock;
    private final Optional<TaskChangeFeed> feed;
    /** This instance's name on the feed: its own changes come back to it and are skipped. */
    private final String instance = UUID.randomUUID().toString();

    private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable listening;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether the last change could not be published: the next failure is logged at debug only, until one passes. */
    private volatile boolean feedFailing;
    /** While the store is down every change from elsewhere fails alike: one warning per interval, not per change. */
    private final ThrottledWarning unreadable;

    /**
     * @param feed the changes shared with the other instances sharing {@code store}, if any
     * @param ticker the clock of the warnings' interval
     */
    TaskChanges(TaskStore store, Clock clock, Optional<TaskChangeFeed> feed, Ticker ticker) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.unreadable = new ThrottledWarning(
                LOG,
                "Tasks changed on another instance could not be read; their listeners here see the changes when they"
                        + " poll: {}",
                ticker,
                ThrottledWarning.DEFAULT_INTERVAL);
        this.listening =
                feed.map(shared -> shared.listen(this::changedElsewhere)).orElse(null);
    }

    /**
     * Tells {@code listener} of every change from now on (of a change stored elsewhere, only one it wants), until the
     * returned handle is closed.
     */
    AutoCloseable listen(TaskListener listener) {
        TaskListener added = Objects.requireNonNull(listener, "listener");
        listeners.add(added);
        return () -> listeners.remove(added);
    }

    /** Tells the listeners here of a change just stored, and the other instances through the feed. */
    void stored(TaskRecord record) {
        tell(record, TaskListener.Seen.HERE);
        if (feed.isEmpty()) {
            return;
        }
        try {
            feed.get().publish(new TaskChangeFeed.Change(instance, record.owner(), record.taskId()));
            feedFailing = false;
        } catch (RuntimeException e) {
            if (feedFailing) {
                LOG.debug("Could not share the change of task {}: {}", record.taskId(), e.toString());
            } else {
                feedFailing = true;
                LOG.warn(
                        "Could not share the change of task {} with the other instances; their listeners see it"
                                + " when they poll: {}",
                        record.taskId(),
                        e.toString());
            }
        }
    }

    /** Tells the listeners here that a task running here was found ended elsewhere. */
    void noticed(TaskRecord record) {
        tell(record, TaskListener.Seen.NOTICED);
    }

    /**
     * A change another instance stored: the task as the store holds it now is told to the listeners here that want
     * it. When none wants it, it is not read.
     */
    private void changedElsewhere(TaskChangeFeed.Change change) {
        if (change.source().equals(instance)) {
            return;
        }
        List<TaskListener> wanting = wanting(change);
        if (wanting.isEmpty()) {
            return;
        }
        Optional<TaskRecord> changed;
        try {
            changed = store.find(change.taskId(), clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("Could not read task {}, changed elsewhere: {}", change.taskId(), e.toString());
            unreadable.warn(e);
            return;
        }
        changed.filter(record -> record.owner().equals(change.owner()))
                .ifPresent(record -> tell(wanting, record, TaskListener.Seen.ELSEWHERE));
    }

    /** The listeners that want {@code change}; a listener whose answer fails is left out, and logged. */
    private List<TaskListener> wanting(TaskChangeFeed.Change change) {
        List<TaskListener> wanting = new ArrayList<>();
        for (TaskListener listener : listeners) {
            try {
                if (listener.wants(change.owner(), change.taskId())) {
                    wanting.add(listener);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not ask a listener about task {}: {}", change.taskId(), e.toString());
            }
        }
        return wanting;
    }

    /** Tells every listener. */
    private void tell(TaskRecord record, TaskListener.Seen seen) {
        tell(listeners, record, seen);
    }

    /** Tells {@code told}; a listener's failure is logged, the others are told. */
    private static void tell(List<TaskListener> told, TaskRecord record, TaskListener.Seen seen) {
        for (TaskListener listener : told) {
            try {
                listener.changed(record, seen);
            } catch (RuntimeException e) {
                LOG.warn("Could not tell a listener of task {}: {}", record.taskId(), e.toString());
            }
        }
    }

    /** Stops listening to the feed; closing again does nothing. */
    @Override
    public void close() {
        if (listening == null || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listening.close();
        } catch (Exception e) {
            LOG.debug("Could not stop listening to task changes", e);
        }
    }
}
