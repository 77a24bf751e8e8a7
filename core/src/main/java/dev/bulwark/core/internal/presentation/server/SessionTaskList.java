package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.TaskRecord;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The session era's {@code tasks/list}: a caller's tasks, oldest first, a page at a time, each page's cursor naming
 * where the next begins. Thread-safe.
 */
final class SessionTaskList {

    /** How many tasks one {@code tasks/list} page holds. */
    static final int PAGE_SIZE = 50;

    private final TaskEngine tasks;
    private final Function<TaskRecord, Map<String, Object>> wire;

    /** @param wire a task as this era's wire shows it */
    SessionTaskList(TaskEngine tasks, Function<TaskRecord, Map<String, Object>> wire) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.wire = Objects.requireNonNull(wire, "wire");
    }

    /** {@code tasks/list}: the caller's tasks, oldest first, a page at a time. */
    JSONRPCResponse list(Object id, Object cursor, RequestOrigin origin) {
        String after;
        if (cursor == null) {
            after = null;
        } else if (cursor instanceof String text && decode(text) != null) {
            after = decode(text);
        } else {
            return SessionTasks.error(
                    id,
                    McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Invalid params: cursor is not one this server gave: list again from the start");
        }
        try {
            List<TaskRecord> owned = tasks.owned(origin);
            List<TaskRecord> page = owned.stream()
                    .filter(task -> after == null || positionOf(task).compareTo(after) > 0)
                    .sorted(java.util.Comparator.comparing(SessionTaskList::positionOf))
                    .limit(PAGE_SIZE + 1L)
                    .toList();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("tasks", page.stream().limit(PAGE_SIZE).map(wire).toList());
            if (page.size() > PAGE_SIZE) {
                result.put("nextCursor", encode(positionOf(page.get(PAGE_SIZE - 1))));
            }
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, result, null);
        } catch (RuntimeException e) {
            return SessionTasks.failed(id, e);
        }
    }

    /** Where a task stands in the list: its creation time to the nanosecond (fixed width), then its id; as text. */
    private static String positionOf(TaskRecord task) {
        return String.format(
                Locale.ROOT,
                "%020d%09d|%s",
                task.createdAt().getEpochSecond(),
                task.createdAt().getNano(),
                task.taskId());
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return position.matches("\\d{29}\\|[A-Za-z0-9_-]+") ? position : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
