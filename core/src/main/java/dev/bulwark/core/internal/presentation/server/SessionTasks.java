package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskBusy;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.business.tasks.TaskListener;
import dev.bulwark.core.internal.business.tasks.TaskNotFound;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskCallResults;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.origin.ClientWaits;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.ports.sessions.SessionRequests;
import dev.bulwark.ports.tasks.TaskRecord;
import dev.bulwark.ports.tasks.TaskStatus;
import dev.bulwark.ports.tasks.TaskStoreFullException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The tasks of the session era's sessions, on every session transport: answers the task requests before the SDK's
 * session sees them, and runs each task's call through that session's handlers and pipeline. Thread-safe.
 */
public final class SessionTasks implements SessionRequests, AutoCloseable {

    /** The {@code _meta} key under which a {@code tools/call}'s {@code task} param is kept when it is read. */
    public static final String TASK_META = "dev.bulwark/task";

    static final String GET = "tasks/get";
    static final String RESULT = "tasks/result";
    static final String LIST = "tasks/list";
    static final String CANCEL = "tasks/cancel";
    static final String STATUS = "notifications/tasks/status";
    public static final String RELATED_TASK = "io.modelcontextprotocol/related-task";

    /** The methods answered here whatever their params. */
    static final Set<String> METHODS = Set.of(GET, RESULT, LIST, CANCEL);

    /** The JSON-RPC error code of a task request whose task store cannot be reached now. */
    static final int UNAVAILABLE = -32000;

    private static final Logger LOG = LoggerFactory.getLogger(SessionTasks.class);

    private final ObjectMapper mapper;
    private final McpJsonMapper sdkMapper;
    private final TaskEngine tasks;
    private final TaskRequestMetrics metrics;
    /** The handle of this era's listening to the engine's changes. */
    private final AutoCloseable changes;

    private final TaskSettings settings;
    private final TaskAdmission admission;
    /** The tool served now under a name: read at each call, so that a tool added later takes tasks. */
    private final Function<String, Optional<Tool<?, ?>>> tools;

    private final boolean offered;
    /** The {@code tasks/result} waits. */
    private final SessionTaskResults results;

    private final SessionTaskList list;

    /**
     * The session each unfinished task created here belongs to, by task id: told of the changes another instance
     * stores (a cancel there, say), as it is told of those made here.
     */
    private final Map<String, Listening> listening = new ConcurrentHashMap<>();

    /**
     * The tasks whose run here waits for its client's answer to a request it sent (elicitation, sampling, roots), with
     * how many such requests wait: such a task shows {@code input_required} meanwhile.
     */
    private final Map<String, Integer> awaitingClient = new ConcurrentHashMap<>();

    /** A session and the origin of the request that created a task in it. */
    private record Listening(ServedSession session, RequestOrigin origin) {}

    /**
     * @param tasks the tasks (created over the shared store), served here in this era's shape
     * @param metrics where the requests of the task routes are counted
     * @param tools every tool the server serves
     */
    public SessionTasks(
            ObjectMapper mapper,
            McpJsonMapper sdkMapper,
            TaskEngine tasks,
            TaskRequestMetrics metrics,
            TaskSettings settings,
            TaskAdmission admission,
            List<Tool<?, ?>> tools) {
        this(
                mapper,
                sdkMapper,
                tasks,
                metrics,
                settings,
                admission,
                fixed(tools),
                tools.stream().anyMatch(tool -> tool.taskSupport() != Tool.TaskSupport.FORBIDDEN));
    }

    /**
     * As the layer over a fixed list of tools, over the tools served now instead.
     *
     * @param tools the tool served now under a name (a catalogue's lookup), read at each call
     * @param offered whether tasks are offered: the capability is then declared and this layer answers
     */
    public SessionTasks(
            ObjectMapper mapper,
            McpJsonMapper sdkMapper,
            TaskEngine tasks,
            TaskRequestMetrics metrics,
            TaskSettings settings,
            TaskAdmission admission,
            Function<String, Optional<Tool<?, ?>>> tools,
            boolean offered) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.sdkMapper = Objects.requireNonNull(sdkMapper, "sdkMapper");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.offered = offered;
        this.results = new SessionTaskResults(mapper, tasks, settings);
        this.list = new SessionTaskList(tasks, this::wire);
        this.changes = tasks.listen(new TaskListener() {
            @Override
            public void changed(TaskRecord record, Seen seen) {
                results.changed(record.taskId());
                if (seen == Seen.ELSEWHERE) {
                    changedElsewhere(record.taskId());
                }
            }

            @Override
            public boolean wants(String owner, String taskId) {
                return listening.containsKey(taskId) || results.waitsFor(taskId) > 0;
            }
        });
    }

    /**
     * {@code typed} with the {@code task} param of its {@code raw} params, if any, kept in its {@code _meta} under
     * {@link #TASK_META} (over any client's value of that key): the SDK's {@code CallToolRequest} drops it.
     */
    public static Object stampedTask(Object typed, Object raw) {
        if (!(typed instanceof CallToolRequest call)) {
            return typed;
        }
        Object task = raw instanceof Map<?, ?> params ? params.get("task") : null;
        if (task == null && (call.meta() == null || !call.meta().containsKey(TASK_META))) {
            return typed;
        }
        Map<String, Object> meta = call.meta() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(call.meta());
        meta.remove(TASK_META);
        if (task != null) {
            meta.put(TASK_META, task);
        }
        return new CallToolRequest(call.name(), call.arguments(), meta);
    }

    /** Whether any tool supports tasks: the capability is then declared and this layer answers. */
    public boolean offered() {
        return offered;
    }

    /** The {@code tasks} server capability of {@code initialize}. */
    Map<String, Object> capability() {
        return Map.of("list", Map.of(), "cancel", Map.of(), "requests", Map.of("tools", Map.of("call", Map.of())));
    }

    /** The wire name of {@code name}'s task support, or empty for a tool that takes no task (or none). */
    Optional<String> taskSupportOf(String name) {
        Tool<?, ?> tool = tools.apply(name).orElse(null);
        return tool == null || tool.taskSupport() == Tool.TaskSupport.FORBIDDEN
                ? Optional.empty()
                : Optional.of(tool.taskSupport().name().toLowerCase(Locale.ROOT));
    }

    /**
     * {@code message} as this era's task wire shows it: an {@code initialize} result declaring the {@code tasks}
     * capability, which the SDK's types do not hold; any other message as it is. (A {@code tools/list} page carries
     * each tool's {@code execution.taskSupport} already: see {@code ListedTools}.)
     */
    public McpSchema.JSONRPCMessage outbound(McpSchema.JSONRPCMessage message) {
        if (!(message instanceof JSONRPCResponse response) || response.result() == null) {
            return message;
        }
        if (response.result() instanceof McpSchema.InitializeResult) {
            Map<String, Object> result = asMap(response.result());
            Map<String, Object> capabilities =
                    new LinkedHashMap<>(Objects.requireNonNullElse(stringKeyed(result.get("capabilities")), Map.of()));
            capabilities.put("tasks", capability());
            result.put("capabilities", capabilities);
            return new JSONRPCResponse(response.jsonrpc(), response.id(), result, null);
        }
        return message;
    }

    @SuppressWarnings("unchecked") // a JSON object: string keys
    private Map<String, Object> asMap(Object value) {
        return new LinkedHashMap<>(sdkMapper.convertValue(value, Map.class));
    }

    /**
     * Whether {@code method} with {@code params} is served here: a task method, or a {@code tools/call} of a tool
     * taking tasks that asks for one (its {@code task} param, kept under {@link #TASK_META} once read) or whose tool
     * runs only as a task.
     */
    @Override
    public boolean claims(String method, Object params) {
        if (METHODS.contains(method)) {
            return true;
        }
        if (!McpSchema.METHOD_TOOLS_CALL.equals(method)) {
            return false;
        }
        String name;
        boolean asked;
        if (params instanceof CallToolRequest call) {
            name = call.name();
            asked = call.meta() != null && call.meta().get(TASK_META) != null;
        } else if (params instanceof Map<?, ?> raw && raw.get("name") instanceof String named) {
            name = named;
            asked = raw.get("task") != null;
        } else {
            return false;
        }
        Tool<?, ?> tool = tools.apply(name).orElse(null);
        return tool != null && (asked || tool.taskSupport() == Tool.TaskSupport.REQUIRED);
    }

    /**
     * Serves a request {@link #claims claimed}: completes {@code answer} with its answer, or, for a
     * {@code tools/call} the pipeline refuses as any call (a caller without its scopes), the session's own answer.
     */
    @Override
    public void serve(Object request, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        JSONRPCRequest rpc = (JSONRPCRequest) request;
        SessionAnswers.complete(
                answer(rpc, origin, session)
                        .map(served -> served.<Object>map(response -> response))
                        .orElseGet(() -> Mono.fromFuture(() -> session.run(rpc, origin))),
                answer);
    }

    /**
     * The answer to {@code request} when it is this layer's, or empty for one the SDK's session serves.
     *
     * @param origin what the request carries, its caller included
     */
    Optional<Mono<JSONRPCResponse>> answer(JSONRPCRequest request, RequestOrigin origin, ServedSession session) {
        String method = request.method();
        if (!METHODS.contains(method) && !McpSchema.METHOD_TOOLS_CALL.equals(method)) {
            return Optional.empty();
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(method)) {
            // a task created is counted when it runs, as the tool call it is; a call that created none, here
            return toolCall(request, origin, session).map(answer -> counted(request, answer, false));
        }
        Map<?, ?> params = request.params() instanceof Map<?, ?> map ? map : Map.of();
        Mono<JSONRPCResponse> answer;
        if (LIST.equals(method)) {
            answer = Mono.fromSupplier(
                    () -> guarded(request.id(), () -> list.list(request.id(), params.get("cursor"), origin)));
        } else if (!(params.get("taskId") instanceof String taskId)) {
            answer = Mono.just(error(
                    request.id(), McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: taskId is required, a string"));
        } else {
            answer = switch (method) {
                case GET -> Mono.fromSupplier(() -> guarded(request.id(), () -> get(request.id(), taskId, origin)));
                case CANCEL ->
                    Mono.fromSupplier(() -> guarded(request.id(), () -> cancel(request.id(), taskId, origin, session)));
                default -> results.result(request.id(), taskId, origin);
            };
        }
        return Optional.of(counted(request, answer, true));
    }

    /**
     * {@code answer} counted in the task routes' metrics when it is given ({@link TaskRequestMetrics}): every failure,
     * and its success when {@code countSuccess}. A failure of the {@code Mono} itself is answered as an error.
     */
    private Mono<JSONRPCResponse> counted(JSONRPCRequest request, Mono<JSONRPCResponse> answer, boolean countSuccess) {
        return answer.onErrorResume(failure -> Mono.just(failed(request.id(), failure)))
                .doOnNext(response -> {
                    // a tasks/result that hands over a failed task's outcome succeeded: the failure is the task's,
                    // counted once, when its run failed
                    String errorType = RESULT.equals(request.method()) && handsOverTheTasksOutcome(response)
                            ? TaskRequestMetrics.NONE
                            : errorTypeOf(response);
                    if (countSuccess || !TaskRequestMetrics.NONE.equals(errorType)) {
                        metrics.answered(request.method(), errorType);
                    }
                });
    }

    /** Whether {@code response} is a task's own outcome: a result, or an error naming its related task. */
    private static boolean handsOverTheTasksOutcome(JSONRPCResponse response) {
        return response.error() == null
                || (response.error().data() instanceof Map<?, ?> data && data.containsKey(RELATED_TASK));
    }

    /** How a task route's answer is counted: {@link TaskRequestMetrics#NONE}, or the kind of its failure. */
    private static String errorTypeOf(JSONRPCResponse response) {
        if (response.error() != null) {
            int code = response.error().code();
            if (code == UNAVAILABLE) {
                return TaskRequestMetrics.DEPENDENCY_UNAVAILABLE;
            }
            return code == McpSchema.ErrorCodes.INTERNAL_ERROR
                    ? TaskRequestMetrics.INTERNAL
                    : TaskRequestMetrics.INVALID;
        }
        if (response.result() instanceof McpSchema.CallToolResult refused && Boolean.TRUE.equals(refused.isError())) {
            Object type = refused.meta() == null ? null : refused.meta().get(ResultMeta.ERROR_TYPE);
            return type == null ? TaskRequestMetrics.INTERNAL : type.toString();
        }
        return TaskRequestMetrics.NONE;
    }

    /**
     * What {@code answer} gives, or the error answer of its failure: a {@code Mono} must not let an
     * {@link OutOfMemoryError} through, since Reactor then drops the subscriber's signal and the request would never be
     * answered (nor the budgets it holds in its transport given back).
     */
    private static JSONRPCResponse guarded(Object id, java.util.function.Supplier<JSONRPCResponse> answer) {
        try {
            return answer.get();
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return failed(id, e);
        }
    }

    /**
     * A {@code tools/call} with {@code task} of a tool taking tasks: its task, created and started, or the refusal of
     * its rate limit; refused {@code -32601} for a tool that takes no task, or one that requires a task and was called
     * without. Empty when the call is served as any other (no task asked and none required, an unknown tool, a caller
     * the pipeline refuses).
     */
    private Optional<Mono<JSONRPCResponse>> toolCall(
            JSONRPCRequest request, RequestOrigin origin, ServedSession session) {
        String name;
        Map<String, Object> arguments;
        Map<String, Object> meta;
        Object task;
        if (request.params() instanceof CallToolRequest call) {
            name = call.name();
            arguments = call.arguments();
            meta = call.meta();
            task = meta == null ? null : meta.get(TASK_META);
        } else if (request.params() instanceof Map<?, ?> raw && raw.get("name") instanceof String named) {
            name = named;
            arguments = stringKeyed(raw.get("arguments"));
            meta = stringKeyed(raw.get("_meta"));
            task = raw.get("task");
        } else {
            return Optional.empty();
        }
        Tool<?, ?> tool = tools.apply(name).orElse(null);
        if (tool == null) {
            return Optional.empty();
        }
        if (task == null) {
            return tool.taskSupport() == Tool.TaskSupport.REQUIRED
                    ? Optional.of(Mono.just(error(
                            request.id(),
                            McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                            "Method not found: the tool " + name
                                    + " runs only as a task (its execution.taskSupport is required): call it with"
                                    + " params.task")))
                    : Optional.empty();
        }
        if (tool.taskSupport() == Tool.TaskSupport.FORBIDDEN) {
            return Optional.of(Mono.just(error(
                    request.id(),
                    McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                    "Method not found: the tool " + name
                            + " does not run as a task (its execution.taskSupport is forbidden): call it without"
                            + " params.task")));
        }
        if (!(task instanceof Map<?, ?>)) {
            return Optional.of(Mono.just(error(
                    request.id(), McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: task must be an object")));
        }
        Principal caller = origin.caller().orElse(null);
        if (caller == null || !caller.hasAllScopes(tool.requiredScopes())) {
            return Optional.empty(); // the pipeline refuses the call as it refuses any call
        }
        Map<String, Object> clientMeta = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
        clientMeta.remove(TASK_META);
        clientMeta.remove(RpcIdInMeta.KEY);
        return Optional.of(Mono.fromSupplier(
                () -> guarded(request.id(), () -> create(request.id(), tool, arguments, clientMeta, origin, session))));
    }

    private JSONRPCResponse create(
            Object id,
            Tool<?, ?> tool,
            Map<String, Object> arguments,
            Map<String, Object> meta,
            RequestOrigin origin,
            ServedSession session) {
        try {
            Optional<McpSchema.CallToolResult> refused = admission.refusal(tool, origin, meta);
            if (refused.isPresent()) { // answered as the same call without a task: no task is created
                return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, refused.get(), null);
            }
            ObjectNode params = mapper.createObjectNode().put("name", tool.name());
            params.set("arguments", mapper.valueToTree(arguments == null ? Map.of() : arguments));
            if (!meta.isEmpty()) {
                params.set("_meta", mapper.valueToTree(meta));
            }
            TaskRecord record = tasks.create(
                    params,
                    origin,
                    (taskId, call, callOrigin, cancelled) -> run(taskId, call, callOrigin, cancelled, session));
            listening.put(record.taskId(), new Listening(session, origin));
            TaskRecord now = tasks.stored(record.taskId()).orElse(record);
            if (now.status().isTerminal()) { // ended before it was listed: its session heard of it from its run
                listening.remove(record.taskId());
            }
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, Map.of("task", wire(record)), null);
        } catch (TaskStoreFullException full) {
            return error(id, McpSchema.ErrorCodes.INVALID_REQUEST, full.getMessage());
        } catch (TaskBusy busy) { // answered as a busy call: no task is created
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, TaskCallResults.busy(busy), null);
        }
    }

    /**
     * Runs a task's call in its session, off the thread that created it, its rate limit charged already and
     * cancelled through {@code cancelled}; once its outcome is stored (which wakes those waiting for the task), tells
     * the session its new status.
     */
    private CompletableFuture<TaskOutcome> run(
            String taskId,
            ObjectNode params,
            RequestOrigin origin,
            CompletableFuture<Void> cancelled,
            ServedSession session) {
        String callId = "task:" + taskId;
        RequestOrigin runOrigin = origin.toBuilder()
                .jsonRpcId(callId)
                .cancellation(cancelled)
                .taskRun(true)
                .clientWaits(new ClientWaits() {
                    @Override
                    public void began() {
                        if (awaitingClient.merge(taskId, 1, Integer::sum) == 1) {
                            changed(taskId, origin, session);
                            tasks.awaitingClient(taskId, true);
                        }
                    }

                    @Override
                    public void ended() {
                        if (awaitingClient.computeIfPresent(taskId, (key, count) -> count == 1 ? null : count - 1)
                                == null) {
                            changed(taskId, origin, session);
                            tasks.awaitingClient(taskId, false);
                        }
                    }
                })
                .build();
        @SuppressWarnings("unchecked") // a JSON object: string keys
        Map<String, Object> callParams = mapper.convertValue(params, Map.class);
        JSONRPCRequest call =
                new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, callId, callParams);
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        Mono.fromFuture(() -> session.run(call, runOrigin))
                .map(JSONRPCResponse.class::cast)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(
                        response -> {
                            outcome.complete(outcomeOf(response)); // stored by the time this returns
                            changed(taskId, origin, session);
                        },
                        failure -> {
                            outcome.completeExceptionally(failure);
                            changed(taskId, origin, session);
                        });
        return outcome;
    }

    private TaskOutcome outcomeOf(JSONRPCResponse response) {
        return TaskCallResults.outcome(response, mapper, sdkMapper);
    }

    /** The task changed here: its session hears its status (its waiters were woken by the engine). */
    private void changed(String taskId, RequestOrigin origin, ServedSession session) {
        try {
            TaskRecord record = tasks.visible(taskId, origin);
            session.notify(STATUS, wire(record));
            if (record.status().isTerminal()) {
                listening.remove(taskId);
            }
        } catch (RuntimeException e) {
            LOG.debug("The status of task {} could not be sent: {}", taskId, e.toString());
        }
    }

    /** Another instance stored a change of the task: the session here it belongs to hears its status. */
    private void changedElsewhere(String taskId) {
        Listening session = listening.get(taskId);
        if (session == null) {
            return;
        }
        try {
            TaskRecord record = tasks.visible(taskId, session.origin());
            session.session().notify(STATUS, wire(record));
            if (record.status().isTerminal()) {
                listening.remove(taskId, session);
            }
        } catch (TaskNotFound gone) {
            listening.remove(taskId, session);
        } catch (RuntimeException e) {
            LOG.debug("The status of task {} could not be sent: {}", taskId, e.toString());
        }
    }

    private JSONRPCResponse get(Object id, String taskId, RequestOrigin origin) {
        try {
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, wire(tasks.visible(taskId, origin)), null);
        } catch (TaskNotFound notFound) {
            return error(id, McpSchema.ErrorCodes.INVALID_PARAMS, notFound.getMessage());
        } catch (RuntimeException e) {
            return failed(id, e);
        }
    }

    private JSONRPCResponse cancel(Object id, String taskId, RequestOrigin origin, ServedSession session) {
        try {
            TaskRecord record = tasks.visible(taskId, origin);
            if (record.status().isTerminal()) {
                return error(
                        id,
                        McpSchema.ErrorCodes.INVALID_PARAMS,
                        "Cannot cancel task: it is already " + record.status().wireName());
            }
            tasks.cancel(taskId, origin);
            TaskRecord now = tasks.visible(taskId, origin);
            if (now.status() == TaskStatus.CANCELLED) {
                Listening creator = listening.remove(taskId);
                session.notify(STATUS, wire(now));
                if (creator != null && creator.session() != session) { // cancelled from another session here
                    creator.session().notify(STATUS, wire(now));
                }
            }
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, wire(now), null);
        } catch (TaskNotFound notFound) {
            return error(id, McpSchema.ErrorCodes.INVALID_PARAMS, notFound.getMessage());
        } catch (RuntimeException e) {
            return failed(id, e);
        }
    }

    /** The waits of {@code tasks/result} for a task now (a test's view). */
    int waitsFor(String taskId) {
        return results.waitsFor(taskId);
    }

    /** A task as this era's wire shows it ({@code Task}). */
    Map<String, Object> wire(TaskRecord record) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", record.taskId());
        task.put("status", record.status().wireName());
        task.put("createdAt", record.createdAt().toString());
        task.put("lastUpdatedAt", record.updatedAt().toString());
        task.put("ttl", record.expiresAt().toEpochMilli() - record.createdAt().toEpochMilli());
        task.put("pollInterval", settings.pollInterval().toMillis());
        if (record.status() == TaskStatus.WORKING && awaitsClient(record)) {
            task.put("status", TaskStatus.INPUT_REQUIRED.wireName());
            task.put(
                    "statusMessage",
                    "Waiting for the client's answer to a request the task sent it (elicitation, sampling or roots)");
        } else if (record.status() == TaskStatus.FAILED) {
            task.put("statusMessage", read(record.error()).path("message").asText());
        } else if (record.status() == TaskStatus.INPUT_REQUIRED) {
            task.put("statusMessage", "The tool asked for input this era cannot deliver to a task");
        }
        return task;
    }

    /**
     * Whether the run of a working task waits for its client: as this instance knows it when the run is here (its
     * store may lag), as the store says when it runs elsewhere.
     */
    private boolean awaitsClient(TaskRecord record) {
        return tasks.runsHere(record.taskId()) ? awaitingClient.containsKey(record.taskId()) : record.awaitingClient();
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

    static JSONRPCResponse error(Object id, int code, String message) {
        return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, null, new JSONRPCError(code, message, null));
    }

    /**
     * The error answer of a task request that failed with {@code failure}: the task store unavailable
     * ({@link #UNAVAILABLE}, a task kept where this instance cannot reach now), or an internal error. Logged without
     * a stack trace: what failed is named by the failure's own text.
     */
    static JSONRPCResponse failed(Object id, Throwable failure) {
        if (failure instanceof DependencyUnavailableException outage) {
            // the task store's gateway warns of the outage, once per interval
            LOG.debug("A task request failed: the task store is unavailable: {}", FailureText.of(outage));
            return error(
                    id,
                    UNAVAILABLE,
                    "Service unavailable: the store of this task cannot be reached right now; retry shortly");
        }
        LOG.warn("A task request failed: {}", failure.toString());
        return error(id, McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error: the task request could not be served");
    }

    /** Stops the polls and the listening to the engine's changes; the engine is closed by its owner. */
    @Override
    public void close() {
        results.close();
        try {
            changes.close();
        } catch (Exception e) {
            LOG.debug("Could not stop listening to task changes", e);
        }
    }

    private static Function<String, Optional<Tool<?, ?>>> fixed(List<Tool<?, ?>> tools) {
        Map<String, Tool<?, ?>> byName =
                tools.stream().collect(Collectors.toUnmodifiableMap(Tool::name, Function.identity(), (a, b) -> a));
        return name -> Optional.ofNullable(byName.get(name));
    }
}
