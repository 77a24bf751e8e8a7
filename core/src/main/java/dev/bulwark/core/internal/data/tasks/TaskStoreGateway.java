package dev.bulwark.core.internal.data.tasks;

import dev.bulwark.core.internal.data.logging.ThrottledWarning;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.time.Ticker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the core keeps tasks: the shared store, or this instance's memory while the shared store is
 * unavailable (docs/operations.md, "When Redis fails"). Thread-safe if the shared store is.
 */
public final class TaskStoreGateway implements TaskStore {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStoreGateway.class);

    private final TaskStore shared;
    private final InMemoryTaskStore local;
    private final ThrottledWarning fellBack;
    /** Every request and heartbeat that reads or changes a shared task fails while the store is down: one line. */
    private final ThrottledWarning unreachable;

    /**
     * @param shared the store every instance shares
     * @param local where tasks are kept while {@code shared} is unavailable
     * @param ticker the clock of the throttled warning (at most one every 10 s)
     */
    public TaskStoreGateway(TaskStore shared, InMemoryTaskStore local, Ticker ticker) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
        this.fellBack = new ThrottledWarning(
                LOG,
                "Task store failed, keeping new tasks in this instance's memory (they run here and other instances"
                        + " do not see them): {}",
                ticker,
                ThrottledWarning.DEFAULT_INTERVAL);
        this.unreachable = new ThrottledWarning(
                LOG,
                "Task store unavailable: the tasks kept there cannot be read or changed until it answers (their"
                        + " requests are answered 'retry shortly'): {}",
                ticker,
                ThrottledWarning.DEFAULT_INTERVAL);
    }

    /** Saves the task in the shared store, or here when that is unavailable. */
    @Override
    public void create(TaskRecord record, int maxKept, int maxActive, Instant now) {
        try {
            shared.create(record, maxKept, maxActive, now);
        } catch (DependencyUnavailableException e) {
            fellBack.warn(e);
            local.create(record, maxKept, maxActive, now);
        }
    }

    @Override
    public boolean heldOnlyHere(String taskId) {
        return local.holds(taskId);
    }

    /**
     * The task kept here, else the shared store's.
     *
     * @throws DependencyUnavailableException when the task is not kept here and the shared store is unavailable
     */
    @Override
    public Optional<TaskRecord> find(String taskId, Instant now) {
        Optional<TaskRecord> here = local.find(taskId, now);
        if (here.isPresent()) {
            return here;
        }
        try {
            return shared.find(taskId, now);
        } catch (DependencyUnavailableException e) {
            unreachable.warn(e);
            throw e;
        }
    }

    /** @throws DependencyUnavailableException when the task is not kept here and the shared store is unavailable */
    @Override
    public boolean replace(TaskRecord current, TaskRecord next) {
        if (local.holds(current.taskId())) {
            return local.replace(current, next);
        }
        try {
            return shared.replace(current, next);
        } catch (DependencyUnavailableException e) {
            unreachable.warn(e);
            throw e;
        }
    }

    /**
     * As {@link #replace}, durably in the shared store; a task kept here has no replica to wait for.
     *
     * @throws DependencyUnavailableException when the task is not kept here and the shared store is unavailable or
     *     no replica acknowledged the change
     */
    @Override
    public boolean replaceDurably(TaskRecord current, TaskRecord next) {
        if (local.holds(current.taskId())) {
            return local.replace(current, next);
        }
        try {
            return shared.replaceDurably(current, next);
        } catch (DependencyUnavailableException e) {
            unreachable.warn(e);
            throw e;
        }
    }

    @Override
    public boolean remove(TaskRecord current) {
        if (local.holds(current.taskId())) {
            return local.remove(current);
        }
        try {
            return shared.remove(current);
        } catch (DependencyUnavailableException e) {
            unreachable.warn(e);
            throw e;
        }
    }

    /** The owner's tasks in both stores; those of the shared store left out while it is unavailable. */
    @Override
    public List<TaskRecord> owned(String owner, Instant now) {
        List<TaskRecord> owned = new ArrayList<>(local.owned(owner, now));
        try {
            owned.addAll(shared.owned(owner, now));
        } catch (DependencyUnavailableException e) {
            fellBack.warn(e);
        }
        owned.sort(Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::taskId));
        return owned;
    }

    /** Frees the expired tasks of both stores; the shared store's are left while it is unavailable. */
    @Override
    public void sweep(Instant now) {
        local.sweep(now);
        try {
            shared.sweep(now);
        } catch (DependencyUnavailableException e) {
            fellBack.warn(e);
        }
    }
}
