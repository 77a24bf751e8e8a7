package dev.bulwark.core.internal.business.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.presentation.era2026.TaskWire;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.tasks.TaskRecord;
import java.util.List;

/** An engine as the 2026 era answers its requests: its tasks in that era's wire shapes, for the engine's tests. */
final class Era2026View implements AutoCloseable {

    private final TaskEngine engine;
    private final TaskWire wire;

    Era2026View(ObjectMapper mapper, TaskSettings settings, TaskEngine engine) {
        this.engine = engine;
        this.wire = new TaskWire(mapper, settings, engine);
    }

    TaskEngine engine() {
        return engine;
    }

    /** The {@code CreateTaskResult} of a task started with the engine's runner. */
    ObjectNode start(ObjectNode params, RequestOrigin origin) {
        return wire.created(engine.start(params, origin));
    }

    /** The {@code tasks/get} result. */
    ObjectNode get(String taskId, RequestOrigin origin) {
        return wire.detailed(engine.visible(taskId, origin));
    }

    void update(String taskId, JsonNode inputResponses, RequestOrigin origin) {
        engine.update(taskId, inputResponses, origin);
    }

    void cancel(String taskId, RequestOrigin origin) {
        engine.cancel(taskId, origin);
    }

    List<TaskRecord> owned(RequestOrigin origin) {
        return engine.owned(origin);
    }

    boolean runsHere(String taskId) {
        return engine.runsHere(taskId);
    }

    void beat() {
        engine.beat();
    }

    @Override
    public void close() {
        engine.close();
    }
}
