package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskQueue;
import dev.bulwark.ports.tasks.TaskQueueFullException;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a task as its caller drives it: created (within its caller's bounds, then run here or offered to the
 * shared queue), read (a lost run failed first), given input, cancelled; each change a compare-and-set on the store,
 * retried a few times. Thread-safe.
 */
final class TaskLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLifecycle.class);

    private final ObjectMapper mapper;
    private final TaskStore store;
    private final Clock clock;
    private final TaskSettings settings;
    private final TaskBytes bytes;
    private final TaskRunQueue slots;
    private final TaskRuns runs;
    private final TaskEndings endings;
    /** The bounds of the tasks waiting in the shared queue: those of the tasks waiting on an instance. */
    private final TaskQueue.Bounds queueBounds;

    private final SecureRandom random = new SecureRandom();

    TaskLifecycle(
            ObjectMapper mapper,
            TaskStore store,
            Clock clock,
            TaskSettings settings,
            TaskBytes bytes,
            TaskRunQueue slots,
            TaskRuns runs,
            TaskEndings endings) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.endings = Objects.requireNonNull(endings, "endings");
        this.queueBounds = new TaskQueue.Bounds(settings.maxQueuedPerCaller(), settings.maxQueued());
    }

    /**
     * Creates the task of the call {@code params} by {@code origin}'s caller, durably, then starts it with
     * {@code run}; the record created. A task run by the engine's own runner goes through the shared queue when
     * there is one.
     *
     * <p>A task offered to the shared queue is stored with a lease as long as its life: its entry in the queue is its
     * lease (its holder renews it, another runner takes over one left unrenewed), so a task that waits there, or whose
     * runner stopped, is never failed as lost when it is read; it is run, run again, or failed by the runner that
     * takes it over.
     *
     * @throws TaskStoreFullException when the caller has too many tasks
     * @throws TaskBusy when the tasks keep as many bytes, or as many wait, as they may
     */
    TaskRecord create(ObjectNode params, RequestOrigin origin, TaskRunner run) {
        Instant now = clock.instant();
        ObjectNode request = params.deepCopy();
        request.remove("inputResponses");
        request.remove("requestState");
        request.remove("task"); // a first-generation client's hint: the tool's declaration decides
        JsonNode responses = params.get("inputResponses");
        String owner = ownerOf(origin);
        boolean queued = runs.shared().isPresent() && run == runs.runner();
        Instant expiresAt = now.plus(settings.ttl());
        TaskRecord record = TaskRecord.working(
                newTaskId(),
                owner,
                params.path("name").asText(),
                now,
                expiresAt,
                queued ? expiresAt : now.plus(settings.lease()),
                request.toString(),
                responses != null && responses.isObject() ? responses.toString() : null);
        long size = TaskEndings.sizeOf(record.request()) + TaskEndings.sizeOf(record.inputResponses());
        if (!bytes.take(record.taskId(), owner, size, record.expiresAt(), now)) {
            throw busy(owner, size);
        }
        TaskRunQueue.Place place = null;
        boolean created = false;
        try {
            place = slots.reserve(record.tool(), owner);
            // a task in the shared queue is active in the store (its entry is its lease), wherever it runs
            int maxActive = queued ? settings.maxActivePerCaller() : maxActive(place, owner);
            store.create(record, settings.maxKeptPerCaller(), maxActive, now);
            created = true;
        } catch (TaskRunQueue.Full full) {
            throw new TaskBusy(full.getMessage(), settings.pollInterval());
        } catch (TaskStoreFullException full) { // named with the setting, not the bound raised by the waiting tasks
            throw full.bound() == TaskStoreFullException.Bound.ACTIVE
                    ? new TaskStoreFullException(full.bound(), settings.maxActivePerCaller())
                    : full;
        } finally {
            if (!created) {
                bytes.release(record.taskId());
                if (place != null) {
                    place.giveBack();
                }
            }
        }
        if (queued) {
            place.giveBack(); // it runs wherever a runner takes it: here when this engine takes it as it offers it
            try {
                runs.offer(record, origin, queueBounds);
            } catch (TaskQueueFullException full) {
                throw refused(record, full);
            }
        } else {
            runs.launch(record, origin, run, place);
        }
        return record;
    }

    /**
     * The active tasks {@code owner} may have in the store for a new task taking {@code place}: a task waiting for a
     * slot is bounded by {@code tasks.max-queued-per-caller} (its place was taken within it), not by
     * {@code tasks.max-active-per-caller}, so the caller's tasks waiting here are not counted against the new one, and
     * a new task that waits itself is not bounded by it at all.
     */
    private int maxActive(TaskRunQueue.Place place, String owner) {
        if (!place.startsAtOnce()) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, (long) settings.maxActivePerCaller() + slots.waitingOf(owner));
    }

    /**
     * The refusal of a task the shared queue is too full to take, which is removed from the store first: its caller
     * never sees it, so it must not count toward the caller's bounds until it expires.
     */
    private TaskBusy refused(TaskRecord record, TaskQueueFullException full) {
        bytes.release(record.taskId());
        try {
            store.remove(record);
        } catch (RuntimeException e) { // it stays stored, ended by nothing, until it expires
            LOG.warn("Could not remove task {} the shared queue refused: {}", record.taskId(), e.toString());
        }
        String setting =
                full.bound() == TaskQueueFullException.Bound.OWNER ? "tasks.max-queued-per-caller" : "tasks.max-queued";
        return new TaskBusy(
                "Server busy: " + full.getMessage() + " (" + setting + "). Retry once some of them have started.",
                settings.pollInterval());
    }

    /** The refusal of a task of {@code size} bytes by {@code owner}, naming the bound it would pass. */
    private TaskBusy busy(String owner, long size) {
        String bound = bytes.heldBy(owner) + size > bytes.maxPerCaller()
                ? "the tasks of this caller keep " + bytes.heldBy(owner) + " bytes of the " + bytes.maxPerCaller()
                        + " they may (tasks.max-bytes-per-caller)"
                : "the tasks of every caller keep " + bytes.held() + " bytes of the " + bytes.maxInAll()
                        + " they may (tasks.max-bytes)";
        return new TaskBusy(
                "Server busy: this task of " + size + " bytes was not created: " + bound
                        + ". Retry once some tasks have ended or expired, or send less at once.",
                settings.pollInterval());
    }

    /**
     * Delivers the client's answers: those to pending input requests are kept and the requests leave the task's
     * pending input; once none is pending, the call runs again with every answer, queued as a new task is (here
     * without a shared queue). Answers to nothing pending are ignored.
     */
    void update(String taskId, JsonNode inputResponses, RequestOrigin origin) {
        for (int attempt = 0; attempt < TaskEndings.MAX_ATTEMPTS; attempt++) {
            TaskRecord record = visible(taskId, origin);
            if (record.status() != TaskStatus.INPUT_REQUIRED) {
                return;
            }
            ObjectNode pending = (ObjectNode) read(record.inputRequests());
            ObjectNode collected = record.inputResponses() == null
                    ? mapper.createObjectNode()
                    : (ObjectNode) read(record.inputResponses());
            boolean matched = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = inputResponses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> answer = it.next();
                if (pending.has(answer.getKey())) {
                    pending.remove(answer.getKey());
                    collected.set(answer.getKey(), answer.getValue());
                    matched = true;
                }
            }
            if (!matched) {
                return;
            }
            long size = TaskEndings.sizeOf(record.request()) + TaskEndings.sizeOf(collected.toString());
            if (!bytes.resize(taskId, size)) {
                throw busy(record.owner(), TaskEndings.sizeOf(collected.toString()));
            }
            Instant now = clock.instant();
            boolean queued = runs.shared().isPresent();
            // with a shared queue, the run with the answers is queued as a new task is: any runner takes it, and its
            // entry is its lease, so a runner that dies leaves it to be taken over
            Instant lease = queued ? record.expiresAt() : now.plus(settings.lease());
            TaskRecord next = pending.isEmpty()
                    ? record.next(TaskStatus.WORKING, now, lease, null, collected.toString(), null, null)
                    : record.next(
                            TaskStatus.INPUT_REQUIRED, now, null, pending.toString(), collected.toString(), null, null);
            if (store.replace(record, next)) {
                endings.stored(next);
                if (next.status() == TaskStatus.WORKING) {
                    if (queued) {
                        runs.offer(next, origin, TaskQueue.Bounds.NONE);
                    } else {
                        runs.launch(next, origin, runs.runner(), null);
                    }
                }
                return;
            }
        }
        throw new IllegalStateException("the task changed too often to take the answers");
    }

    /**
     * Stores whether the run of a working task waits for its client's answer to a request it sent, and tells every
     * instance. A store that cannot be reached leaves the other instances showing it working: the run goes on, so the
     * failure is logged at debug only.
     */
    void awaitingClient(String taskId, boolean waiting) {
        try {
            for (int attempt = 0; attempt < TaskEndings.MAX_ATTEMPTS; attempt++) {
                Optional<TaskRecord> found = store.find(taskId, clock.instant());
                if (found.isEmpty()
                        || found.get().status() != TaskStatus.WORKING
                        || found.get().awaitingClient() == waiting) {
                    return;
                }
                TaskRecord next = found.get().awaitingClient(clock.instant(), waiting);
                if (store.replace(found.get(), next)) {
                    endings.stored(next);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not store whether task {} waits for its client: {}", taskId, e.toString());
        }
    }

    /** Cancels the task; one that ended stays as it ended. */
    void cancel(String taskId, RequestOrigin origin) {
        for (int attempt = 0; attempt < TaskEndings.MAX_ATTEMPTS; attempt++) {
            TaskRecord record = visible(taskId, origin);
            if (record.status().isTerminal()) {
                return;
            }
            TaskRecord next = endings.cancelled(record);
            if (store.replace(record, next)) {
                endings.stored(next);
                runs.running(taskId).ifPresent(run -> run.complete(null));
                return;
            }
        }
        throw new IllegalStateException("the task changed too often to be cancelled");
    }

    /** The caller's unexpired tasks, oldest first. */
    List<TaskRecord> owned(RequestOrigin origin) {
        return store.owned(ownerOf(origin), clock.instant());
    }

    /** The caller's task {@code taskId}, its lost run failed first; {@link TaskNotFound} when it is none of theirs. */
    TaskRecord visible(String taskId, RequestOrigin origin) {
        String owner = ownerOf(origin);
        for (int attempt = 0; attempt < TaskEndings.MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            TaskRecord record = store.find(taskId, now)
                    .filter(found -> found.owner().equals(owner))
                    .orElseThrow(TaskNotFound::new);
            if (record.status() != TaskStatus.WORKING
                    || now.isBefore(record.leaseExpiresAt())
                    || runs.runsHere(taskId)) {
                return record;
            }
            Optional<TaskRecord> lost = endings.failLost(record, now);
            if (lost.isPresent()) {
                return lost.get();
            }
        }
        throw new IllegalStateException("the task changed too often to be read");
    }

    private static String ownerOf(RequestOrigin origin) {
        return origin.caller().map(Principal::subject).orElse("");
    }

    /** A new task id: 160 random bits from {@link SecureRandom}, URL-safe Base64. */
    private String newTaskId() {
        byte[] id = new byte[20];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private JsonNode read(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task holds JSON that does not read", e);
        }
    }
}
