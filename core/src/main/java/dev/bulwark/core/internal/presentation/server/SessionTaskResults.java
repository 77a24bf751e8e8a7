package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskNotFound;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.TaskRecord;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * The session era's {@code tasks/result}: each request waits until its task has ended, then answers with the result of
 * the task's call or the error it failed with. Thread-safe.
 */
final class SessionTaskResults implements AutoCloseable {

    private final ObjectMapper mapper;
    private final TaskEngine tasks;
    private final TaskSettings settings;
    /** The {@code tasks/result} waits, by task id. */
    private final Map<String, Set<Wait>> waiting = new ConcurrentHashMap<>();

    private final ScheduledExecutorService polls;

    SessionTaskResults(ObjectMapper mapper, TaskEngine tasks, TaskSettings settings) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.polls = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bulwark-session-task-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The task {@code taskId} changed: its waits look at it again. */
    void changed(String taskId) {
        Set<Wait> woken = waiting.get(taskId);
        if (woken != null) {
            woken.forEach(Wait::run);
        }
    }

    /**
     * {@code tasks/result}: once the task has ended, the result of its call, or the error it failed with. Cancelling
     * the answer (its client left) ends the wait: nothing of it is left behind.
     */
    Mono<JSONRPCResponse> result(Object id, String taskId, RequestOrigin origin) {
        Wait wait = new Wait(taskId, origin);
        wait.start();
        return Mono.fromFuture(wait.ended, false)
                .map(record -> payload(id, record))
                .onErrorResume(failure -> {
                    if (failure instanceof TaskNotFound notFound) {
                        return Mono.just(
                                SessionTasks.error(id, McpSchema.ErrorCodes.INVALID_PARAMS, notFound.getMessage()));
                    }
                    return Mono.just(SessionTasks.failed(id, failure));
                });
    }

    /** The waits of {@code tasks/result} for a task now (a test's view). */
    int waitsFor(String taskId) {
        Set<Wait> waits = waiting.get(taskId);
        return waits == null ? 0 : waits.size();
    }

    /**
     * One {@code tasks/result} wait: completes {@link #ended} with the task once it has ended. It looks now, then
     * again each time the task changes here (the engine tells of every change it stores); only while the task runs
     * nowhere here (it may run, or be cancelled, on another instance sharing the store) does it also look at the
     * task's poll interval. It leaves {@link #waiting} when it ends, however it ends.
     */
    private final class Wait implements Runnable {
        final CompletableFuture<TaskRecord> ended = new CompletableFuture<>();
        private final String taskId;
        private final RequestOrigin origin;
        private volatile ScheduledFuture<?> poll;

        Wait(String taskId, RequestOrigin origin) {
            this.taskId = taskId;
            this.origin = origin;
        }

        void start() {
            waiting.compute(taskId, (key, waits) -> {
                Set<Wait> all = waits == null ? ConcurrentHashMap.newKeySet() : waits;
                all.add(this); // before looking: a change meanwhile wakes it
                return all;
            });
            ended.whenComplete((record, failure) -> stop());
            run();
        }

        /** Looks at the task now. */
        @Override
        public void run() {
            if (ended.isDone()) {
                return;
            }
            TaskRecord record;
            try {
                record = tasks.visible(taskId, origin);
            } catch (RuntimeException e) {
                ended.completeExceptionally(e);
                return;
            }
            if (record.status().isTerminal()) {
                ended.complete(record);
            } else if (!tasks.runsHere(taskId)) {
                ScheduledFuture<?> next =
                        polls.schedule(this, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                ScheduledFuture<?> previous = poll;
                poll = next;
                if (previous != null) {
                    previous.cancel(false);
                }
            }
        }

        private void stop() {
            waiting.computeIfPresent(taskId, (key, waits) -> {
                waits.remove(this);
                return waits.isEmpty() ? null : waits;
            });
            ScheduledFuture<?> scheduled = poll;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    private JSONRPCResponse payload(Object id, TaskRecord record) {
        switch (record.status()) {
            case COMPLETED -> {
                @SuppressWarnings("unchecked") // a JSON object: string keys
                Map<String, Object> result = new LinkedHashMap<>(mapper.convertValue(read(record.result()), Map.class));
                Map<String, Object> meta = stringKeyed(result.get("_meta"));
                Map<String, Object> related = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
                related.put(SessionTasks.RELATED_TASK, Map.of("taskId", record.taskId()));
                result.put("_meta", related);
                return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, result, null);
            }
            case FAILED -> {
                JsonNode error = read(record.error());
                return new JSONRPCResponse(
                        McpSchema.JSONRPC_VERSION,
                        id,
                        null,
                        new JSONRPCError(
                                error.path("code").asInt(McpSchema.ErrorCodes.INTERNAL_ERROR),
                                error.path("message").asText("Error"),
                                Map.of(SessionTasks.RELATED_TASK, Map.of("taskId", record.taskId()))));
            }
            default -> {
                return SessionTasks.error(
                        id, McpSchema.ErrorCodes.INVALID_PARAMS, "The task was cancelled: it has no result");
            }
        }
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored task holds JSON that does not read", e);
        }
    }

    @SuppressWarnings("unchecked") // a JSON object as read: string keys
    private static Map<String, Object> stringKeyed(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** Stops the polls; a wait still open is answered by nobody (its session is closing). */
    @Override
    public void close() {
        polls.shutdownNow();
    }
}
