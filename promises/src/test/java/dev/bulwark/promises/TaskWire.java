package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.TimeUnit;

/**
 * How a door runs a {@code tools/call} as a task: in the 2025-11-25 era ({@code params.task}, then
 * {@code tasks/result}), in the 2026-07-28 era (the Tasks extension declared, then {@code tasks/get} until the task
 * ends), or not at all.
 */
enum TaskWire {
    ERA_2025,
    ERA_2026,
    /** A door without tasks: stateless HTTP in the 2025-11-25 era, which has no session to keep them in. */
    NONE;

    /** A bound on a task's run: generous, it only matters when a task never ends. */
    private static final long PATIENCE_SECONDS = 60;

    /** Asks for {@code call} to run as a task; the answer carries the task's id, or a refusal. */
    JsonNode create(Door.Opened served, Caller caller, ToolCall call) throws Exception {
        ObjectNode params = Wire.JSON.createObjectNode();
        params.put("name", call.tool());
        params.set("arguments", Wire.JSON.valueToTree(call.arguments()));
        if (this == ERA_2025) {
            params.set("task", Wire.JSON.createObjectNode().put("ttl", 600_000));
        }
        return served.request(caller, "tools/call", params, this == ERA_2026);
    }

    /** The id of the task {@code created} names, or null when the call was answered without one. */
    String taskId(JsonNode created) {
        JsonNode result = created.path("result");
        String id = this == ERA_2025
                ? result.path("task").path("taskId").asText(null)
                : "task".equals(result.path("resultType").asText())
                        ? result.path("taskId").asText(null)
                        : null;
        return id == null || id.isEmpty() ? null : id;
    }

    /**
     * Runs {@code call} as a task and returns its outcome as the answer a plain call would have had: the tool's
     * result, a refusal given instead of a task, or the task's error.
     */
    Answer run(Door.Opened served, Caller caller, ToolCall call) throws Exception {
        JsonNode created = create(served, caller, call);
        String taskId = taskId(created);
        if (taskId == null) {
            return new Answer(created);
        }
        return outcome(served, caller, taskId);
    }

    /** Waits for the task to end, and returns its outcome. */
    Answer outcome(Door.Opened served, Caller caller, String taskId) throws Exception {
        if (this == ERA_2025) {
            return new Answer(served.request(caller, "tasks/result", idParams(taskId), false));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            JsonNode got = served.request(caller, "tasks/get", idParams(taskId), true);
            String status = got.path("result").path("status").asText();
            switch (status) {
                case "completed":
                    return new Answer(Wire.JSON
                            .createObjectNode()
                            .set("result", got.path("result").path("result")));
                case "failed", "cancelled":
                    ObjectNode error = got.path("result").has("error")
                            ? (ObjectNode) got.path("result").path("error")
                            : Wire.JSON.createObjectNode().put("message", "the task was " + status);
                    return new Answer(Wire.JSON.createObjectNode().set("error", error));
                case "working", "input_required":
                    break;
                default:
                    return new Answer(got);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " still " + status + " after " + PATIENCE_SECONDS + " s");
            }
            Thread.sleep(20); // spaces the polls of a task that is still working; each poll is the check
        }
    }

    /** Cancels the task. */
    void cancel(Door.Opened served, Caller caller, String taskId) throws Exception {
        served.request(caller, "tasks/cancel", idParams(taskId), this == ERA_2026);
    }

    private static ObjectNode idParams(String taskId) {
        return Wire.JSON.createObjectNode().put("taskId", taskId);
    }
}
