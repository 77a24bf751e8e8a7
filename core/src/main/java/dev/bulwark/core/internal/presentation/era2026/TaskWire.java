package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import java.util.Objects;

/**
 * The 2026 era's shapes of a task: the {@code CreateTaskResult} a task-augmented {@code tools/call} answers, and the
 * task as {@code tasks/get} and {@code notifications/tasks} show it (without {@code resultType} and {@code _meta}).
 * Thread-safe.
 */
public final class TaskWire {

    private final ObjectMapper mapper;
    private final TaskSettings settings;
    private final TaskEngine tasks;

    /** @param tasks tells why a working task waits, for its status message */
    public TaskWire(ObjectMapper mapper, TaskSettings settings, TaskEngine tasks) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    /** The {@code CreateTaskResult} of a task just created. */
    public ObjectNode created(TaskRecord record) {
        ObjectNode created = envelope(record);
        created.put("resultType", "task");
        return created;
    }

    /** The task as {@code tasks/get} and {@code notifications/tasks} show it: its status and what goes with it. */
    public ObjectNode detailed(TaskRecord record) {
        ObjectNode detailed = envelope(record);
        switch (record.status()) {
            case INPUT_REQUIRED -> detailed.set("inputRequests", read(record.inputRequests()));
            case COMPLETED -> detailed.set("result", read(record.result()));
            case FAILED -> detailed.set("error", read(record.error()));
            default -> {}
        }
        return detailed;
    }

    /** The fields every task answer carries. */
    private ObjectNode envelope(TaskRecord record) {
        ObjectNode task = mapper.createObjectNode()
                .put("taskId", record.taskId())
                .put("status", record.status().wireName())
                .put("createdAt", record.createdAt().toString())
                .put("lastUpdatedAt", record.updatedAt().toString())
                .put("ttlMs", settings.ttl().toMillis())
                .put("pollIntervalMs", settings.pollInterval().toMillis());
        if (record.status() == TaskStatus.FAILED) {
            task.put("statusMessage", read(record.error()).path("message").asText());
        } else {
            tasks.waiting(record).ifPresent(message -> task.put("statusMessage", message));
        }
        return task;
    }

    private JsonNode read(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored task holds JSON that does not read", e);
        }
    }
}
