package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.ClientRequest;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import dev.bulwark.core.internal.business.tasks.TaskBusy;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskNotFound;
import dev.bulwark.core.internal.business.tasks.TaskRunner;
import dev.bulwark.core.internal.presentation.tasks.TaskCallResults;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.origin.ProtocolEra;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulwark's Tasks extension in the 2026 era, declared through the public extension API: the task a task-supporting
 * tool's call starts, and {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} over the task engine.
 * Thread-safe.
 */
public final class TaskMethods {

    /** The extension's identifier, under {@code capabilities.extensions}. */
    public static final String ID = "io.modelcontextprotocol/tasks";

    static final String GET = "tasks/get";
    static final String UPDATE = "tasks/update";
    static final String CANCEL = "tasks/cancel";

    /** The methods of the extension, each naming its task by {@code taskId}. */
    static final Set<String> METHODS = Set.of(GET, UPDATE, CANCEL);

    private static final Logger LOG = LoggerFactory.getLogger(TaskMethods.class);

    private final ObjectMapper mapper;
    private final McpJsonMapper sdkMapper;
    private final TaskEngine tasks;
    private final TaskWire wire;

    private TaskMethods(ObjectMapper mapper, McpJsonMapper sdkMapper, TaskEngine tasks, TaskWire wire) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.sdkMapper = Objects.requireNonNull(sdkMapper, "sdkMapper");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.wire = Objects.requireNonNull(wire, "wire");
    }

    /**
     * The extension over {@code tasks}, its tasks shown by {@code wire}. It answers the call of a task-supporting tool
     * with the task it starts; its methods are follow-ups of that call, which was charged when the task was created
     * and is audited when it runs. A client names the extension to call them. The session era has tasks in its base
     * protocol, so the extension is served in the 2026 era alone.
     */
    public static Extension extension(ObjectMapper mapper, McpJsonMapper sdkMapper, TaskEngine tasks, TaskWire wire) {
        TaskMethods methods = new TaskMethods(mapper, sdkMapper, tasks, wire);
        return Extension.builder(ID)
                .onlyIn(ProtocolEra.REQUESTS_2026_07_28)
                .clientMustDeclare(true)
                .augmentsToolCalls(methods.new TaskCreation())
                .followUp(GET, methods::get)
                .followUp(UPDATE, methods::update)
                .followUp(CANCEL, methods::cancel)
                .build();
    }

    /**
     * Takes the call of every task-supporting tool from a client that declared the extension, and answers it with the
     * task it starts (a {@code CreateTaskResult}); a tool that runs only as a task is refused to other clients.
     */
    private final class TaskCreation implements ToolCallAugmentation {

        /** The call is answered with its task; the task's run is audited and counted as the call. */
        @Override
        public boolean startsTheRunLater(Tool<?, ?> tool) {
            return true;
        }

        @Override
        public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
            return tasks.taskTool(tool.name()).isPresent();
        }

        @Override
        public boolean requiredBy(Tool<?, ?> tool) {
            return tasks.taskTool(tool.name()).isPresent() && tool.taskSupport() == Tool.TaskSupport.REQUIRED;
        }

        /**
         * The new task, or, when the tasks keep as much as they may, the busy result the call would get: no task is
         * created then. The task's run here is the accepted call's, counted and audited as the tool call it is.
         */
        @Override
        public Map<String, Object> answer(Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
            AcceptedCall call = context.acceptedCall();
            try {
                return asMap(wire.created(tasks.start(mapper.valueToTree(params), context.origin(), through(call))));
            } catch (TaskBusy busy) {
                return asMap(sdkMapper.convertValue(TaskCallResults.busy(busy), ObjectNode.class));
            }
        }
    }

    /**
     * A task's run through {@code call}, the call that created it: the task's run ends as the call's run does, and
     * its handler is told it runs as a task.
     */
    private TaskRunner through(AcceptedCall call) {
        if (!(call instanceof AcceptedRun accepted)) {
            throw new IllegalStateException("a task's call is accepted by this layer: " + call.getClass());
        }
        return (taskId, params, origin, cancelled) ->
                AcceptedTaskRuns.outcomeOf(accepted.startAsTask("task:" + taskId, cancelled), mapper);
    }

    /**
     * The {@code input_required} result asking the input {@code tool} needs before its task starts that
     * {@code params} do not answer yet, or empty when they answer all of it.
     */
    static Optional<ObjectNode> inputBeforeTask(
            ClientRequestJson json, ObjectMapper mapper, Tool<?, ?> tool, ObjectNode params) {
        JsonNode responses = params.path("inputResponses");
        ObjectNode asked = mapper.createObjectNode();
        for (ClientRequest request : tool.inputBeforeTask()) {
            if (!responses.path(request.key()).isObject()) {
                asked.set(request.key(), json.inputRequest(request));
            }
        }
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode result = mapper.createObjectNode().put("resultType", "input_required");
        result.set("inputRequests", asked);
        return Optional.of(result);
    }

    /** {@code tasks/get}: the caller's task as it stands, with its input requests, result or error. */
    private Map<String, Object> get(Map<String, Object> params, ExtensionContext context) {
        String taskId = taskId(params);
        return answered(() -> asMap(wire.detailed(tasks.visible(taskId, context.origin()))));
    }

    /** {@code tasks/update}: the client's answers to the task's input requests; the task runs on with them. */
    private Map<String, Object> update(Map<String, Object> params, ExtensionContext context) {
        String taskId = taskId(params);
        if (!(params.get("inputResponses") instanceof Map<?, ?> responses)) {
            throw TaskRefusal.invalid("Invalid params: inputResponses is required, an object of the client's results"
                    + " under the keys of the task's inputRequests");
        }
        JsonNode answers = mapper.valueToTree(responses);
        return answered(() -> {
            tasks.update(taskId, answers, context.origin());
            return Map.of();
        });
    }

    /** {@code tasks/cancel}: ends the caller's task; a task that has ended stays as it ended. */
    private Map<String, Object> cancel(Map<String, Object> params, ExtensionContext context) {
        String taskId = taskId(params);
        return answered(() -> {
            tasks.cancel(taskId, context.origin());
            return Map.of();
        });
    }

    private static String taskId(Map<String, Object> params) {
        if (!(params.get("taskId") instanceof String taskId)) {
            throw TaskRefusal.invalid("Invalid params: taskId is required, a string");
        }
        return taskId;
    }

    /**
     * What {@code answer} gives, or the refusal the client sees: a task not found (or not the caller's), the store
     * full, or the store unavailable (logged without a stack trace: the gateway warns of the outage).
     */
    private static Map<String, Object> answered(Supplier<Map<String, Object>> answer) {
        try {
            return answer.get();
        } catch (TaskNotFound notFound) {
            throw TaskRefusal.invalid(notFound.getMessage());
        } catch (TaskBusy busy) {
            throw new TaskRefusal(TaskRequestMetrics.BUSY, busy.getMessage());
        } catch (DependencyUnavailableException outage) {
            LOG.debug("A task request failed: the task store is unavailable: {}", FailureText.of(outage));
            throw new TaskRefusal(
                    TaskRequestMetrics.DEPENDENCY_UNAVAILABLE,
                    "Service unavailable: the store of this task cannot be reached right now; retry shortly");
        }
    }

    @SuppressWarnings("unchecked") // a JSON object: string keys
    private Map<String, Object> asMap(ObjectNode node) {
        return mapper.convertValue(node, Map.class);
    }
}
