package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task's record changes as its run ends, each change a compare-and-set on the store retried a few times: a
 * run's outcome settled, a run lost or stopped failed; an ended record keeps only its result or error, and its bytes.
 * Thread-safe.
 */
final class TaskEndings {

    /** How many times a change is retried when another writer changed the record first. */
    static final int MAX_ATTEMPTS = 16;

    /** The {@code _meta} key of a result's error type, as the pipeline writes it. */
    static final String ERROR_TYPE = "dev.bulwark/error-type";

    private static final String META = "_meta";
    private static final int INTERNAL_ERROR = -32603;

    private static final Logger LOG = LoggerFactory.getLogger(TaskEndings.class);

    private final ObjectMapper mapper;
    private final TaskStore store;
    private final Clock clock;
    private final TaskSettings settings;
    private final TaskBytes bytes;
    private final TaskChanges changes;

    TaskEndings(
            ObjectMapper mapper,
            TaskStore store,
            Clock clock,
            TaskSettings settings,
            TaskBytes bytes,
            TaskChanges changes) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /** Records how a run ended, unless the task was cancelled, ended or lost meanwhile. */
    void settle(String taskId, TaskOutcome outcome, Throwable failure) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<TaskRecord> found = store.find(taskId, now);
            if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                return;
            }
            TaskRecord record = found.get();
            TaskRecord next;
            if (failure != null) {
                LOG.error("Task {} failed", taskId, failure);
                next = failed(record, now, "Internal error: the task could not be run");
            } else if (outcome.inputRequests() != null) {
                next = record.next(
                        TaskStatus.INPUT_REQUIRED,
                        now,
                        null,
                        outcome.inputRequests().toString(),
                        record.inputResponses(),
                        null,
                        null);
            } else if (outcome.error() != null) {
                next = ended(record.next(
                        TaskStatus.FAILED,
                        now,
                        null,
                        null,
                        null,
                        null,
                        outcome.error().toString()));
            } else {
                next = completed(record, now, outcome.result());
            }
            if (store.replace(record, next)) {
                stored(next);
                return;
            }
        }
        LOG.warn("Task {} changed too often to record its outcome", taskId);
    }

    /** Fails a working task whose runner stopped and whose tool may not run a call twice. */
    void failStopped(TaskRecord record) {
        TaskRecord stopped = failed(
                record,
                clock.instant(),
                "The task's runner stopped before the task ended, and its tool may not run a call twice; start it"
                        + " again if it should run");
        if (store.replace(record, stopped)) {
            LOG.warn("Task {} failed: its runner stopped and its tool may not repeat", record.taskId());
            stored(stopped);
        }
    }

    /** Fails a working task that waited here for a slot and never started, as this engine stops. */
    void failNeverStarted(String taskId) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<TaskRecord> found = store.find(taskId, clock.instant());
                if (found.isEmpty() || found.get().status() != TaskStatus.WORKING) {
                    return;
                }
                TaskRecord stopped = failed(
                        found.get(),
                        clock.instant(),
                        "The server stopped before the task ran: it waited for a slot and never started; start it"
                                + " again");
                if (store.replace(found.get(), stopped)) {
                    stored(stopped);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Task {} never started and could not be failed as the server stops; it fails when its lease"
                            + " runs out: {}",
                    taskId,
                    e.toString());
        }
    }

    /**
     * Fails a working task whose lease ran out with no instance running it, unless it changed meanwhile.
     *
     * @return the record stored, or empty when the task changed first
     */
    Optional<TaskRecord> failLost(TaskRecord record, Instant now) {
        TaskRecord lost = failed(
                record,
                now,
                "The task was lost: the server instance running it stopped before it ended; start it again");
        if (!store.replace(record, lost)) {
            return Optional.empty();
        }
        LOG.warn("Task {} failed: its lease ran out with no instance running it", record.taskId());
        stored(lost);
        return Optional.of(lost);
    }

    /** The cancelled version of {@code record}, as it is kept. */
    TaskRecord cancelled(TaskRecord record) {
        return ended(record.next(TaskStatus.CANCELLED, clock.instant(), null, null, null, null, null));
    }

    /** A change was stored: an ended task keeps the bytes of its result or error only; the listeners are told. */
    void stored(TaskRecord record) {
        if (record.status().isTerminal()) {
            bytes.resize(record.taskId(), sizeOf(record.result()) + sizeOf(record.error()));
        }
        changes.stored(record);
    }

    /** The record of a run that answered {@code result}: completed, or failed for an internal error or a size. */
    private TaskRecord completed(TaskRecord record, Instant now, ObjectNode result) {
        JsonNode meta = result.path(META);
        if (result.path("isError").asBoolean(false)
                && "internal".equals(meta.path(ERROR_TYPE).asText())) {
            String message = result.path("content").path(0).path("text").asText("Internal error");
            return failed(record, now, message);
        }
        String text = result.toString();
        long size = sizeOf(text);
        if (size > settings.maxResultBytes()) {
            return failed(
                    record,
                    now,
                    "The task's result is larger than the " + settings.maxResultBytes()
                            + " bytes a task may keep: ask for less at once");
        }
        if (!bytes.resize(record.taskId(), size)) {
            return failed(
                    record,
                    now,
                    "The task's result of " + size + " bytes could not be kept: the tasks of its caller, or of every"
                            + " caller, keep as many bytes as they may; read older results and let them expire, or"
                            + " ask for less at once");
        }
        return ended(record.next(TaskStatus.COMPLETED, now, null, null, null, text, null));
    }

    private TaskRecord failed(TaskRecord record, Instant now, String message) {
        String error = mapper.createObjectNode()
                .put("code", INTERNAL_ERROR)
                .put("message", message)
                .toString();
        return ended(record.next(TaskStatus.FAILED, now, null, null, null, null, error));
    }

    /**
     * {@code next}, a record that ended, as it is kept: without the request and answers it no longer runs with, and
     * its bytes here those of its result or error.
     */
    private static TaskRecord ended(TaskRecord next) {
        return new TaskRecord(
                next.taskId(),
                next.owner(),
                next.tool(),
                next.status(),
                next.version(),
                next.createdAt(),
                next.updatedAt(),
                next.expiresAt(),
                next.leaseExpiresAt(),
                "{}",
                next.inputRequests(),
                null,
                next.result(),
                next.error(),
                next.awaitingClient(),
                next.startedBy());
    }

    /** The bytes of {@code json} as UTF-8, counted without copying it; 0 for {@code null}. */
    static long sizeOf(String json) {
        if (json == null) {
            return 0;
        }
        long size = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                size++;
            } else if (c < 0x800) {
                size += 2;
            } else if (Character.isHighSurrogate(c)) {
                size += 4;
                i++;
            } else {
                size += 3;
            }
        }
        return size;
    }
}
