package dev.bulwark.mcpclient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.upstream.CallerCannotAnswerException;
import dev.bulwark.ports.upstream.CallerFailedException;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The 2026 era over any {@link Era2026Exchange}: each request with the protocol version and client capabilities in its
 * {@code _meta}, the era's routing headers and the trace context; results read into the SDK's types, notifications
 * passed to their call's caller; a request is cancelled by abandoning it and with {@code notifications/cancelled}.
 * Thread-safe.
 */
final class Era2026Client implements UpstreamClient {

    static final String VERSION = ProtocolEra.REQUESTS_2026_07_28.version();
    private static final String VERSION_META = ProtocolEra.VERSION_META_KEY;
    private static final String CAPABILITIES_META = "io.modelcontextprotocol/clientCapabilities";
    private static final String SERVER_INFO_META = "io.modelcontextprotocol/serverInfo";
    private static final Logger LOG = LoggerFactory.getLogger(Era2026Client.class);
    /** The most {@code input_required} rounds of one call the caller is asked; an upstream asking more is ended. */
    static final int MAX_INPUT_ROUNDS = 8;
    /** The notification that acknowledges a {@code subscriptions/listen} stream: it is open. */
    private static final String ACKNOWLEDGED_METHOD = "notifications/subscriptions/acknowledged";
    /** What a listen stream's list-change consumer is told when the stream is acknowledged. */
    private static final String ACKNOWLEDGED = "acknowledged";
    /** The acknowledgement time of a listen stream never acknowledged. */
    private static final long NOT_ACKNOWLEDGED = Long.MIN_VALUE;
    /** The Tasks extension, declared in the client capabilities of a call sent as a task and of its follow-ups. */
    static final String TASKS_EXTENSION = "io.modelcontextprotocol/tasks";
    /** How often a task is polled when the upstream suggests nothing. */
    static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    /** The least time between two polls of a task, whatever the upstream suggests: its polls never flood it. */
    static final Duration MIN_POLL = Duration.ofMillis(100);
    /** The most time between two polls of a task, whatever the upstream suggests: a task that ended waits little. */
    static final Duration MAX_POLL = Duration.ofSeconds(5);
    /** The methods of the requests an upstream may ask its caller during a call. */
    private static final Set<String> RELAYED =
            Set.of(UpstreamCaller.Request.SAMPLING, UpstreamCaller.Request.ELICITATION, UpstreamCaller.Request.ROOTS);
    /**
     * How long an acknowledged listen stream stays open to have ended as streams do (an upstream's restart, a proxy's
     * idle cut): the next one is then opened after the backoff's first wait. One that ends sooner (an upstream that
     * acknowledges and closes at once) makes the wait grow, so such an upstream is not asked twice a second forever.
     */
    static final Duration STEADY_STREAM = Duration.ofSeconds(30);
    /**
     * How long the answer of a call sent as a task is still read after the call was cancelled: the task it names is
     * then cancelled. Past it, an upstream that never answers is not waited for.
     */
    static final Duration LATE_TASK_WAIT = Duration.ofSeconds(30);
    /** The statuses a task is not polled in: it ended, or waits for the caller's input. */
    private static final Set<String> SETTLED = Set.of("completed", "failed", "cancelled", "input_required");

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};
    /** The mapper of a client made without one. */
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String upstream;
    private final Era2026Exchange exchange;
    private final ObjectMapper json;
    private final Duration discoverTime;
    private final Ticker ticker;
    private final Delays delays;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<String, UpstreamCaller> callers = new ConcurrentHashMap<>();
    private final Map<String, TaskSupport> listedTaskSupport = new ConcurrentHashMap<>();
    /** The calls sent as upstream tasks, by progress token: what a cancel of the call ends, known or not yet. */
    private final Map<String, TaskCall> taskCalls = new ConcurrentHashMap<>();
    /** By tool: its arguments the input schema marks with {@code x-mcp-header}, and the header each goes in. */
    private final Map<String, Map<String, String>> paramHeaders = new ConcurrentHashMap<>();

    private volatile JsonNode discovered;
    /** The open {@code subscriptions/listen} stream, if any, ended when the client closes. */
    private volatile CompletableFuture<JsonNode> listening;
    /** Where the list changes heard on the listen stream go; {@code null} until it is asked for. */
    private volatile Consumer<String> listChanges;
    /** The resource URIs the listen stream asks updates of. */
    private volatile Set<String> followed = Set.of();
    /** Where those updates go. */
    private volatile Consumer<String> resourceUpdated = uri -> {};
    /** Set once the client closes: no listen stream is opened again. */
    private volatile boolean closed;
    /**
     * The listen streams in a row that ended unacknowledged or within {@link #STEADY_STREAM} of their acknowledgement:
     * the backoff before the next opening; under {@code this}.
     */
    private int endedEarly;

    /** Runs a task after a wait, on a thread of its own. Thread-safe. */
    @FunctionalInterface
    interface Delays {

        /** Runs {@code task} once {@code wait} has passed. */
        void after(Duration wait, Runnable task);

        /** The JDK's delayed executor. */
        static Delays system() {
            return (wait, task) -> CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS)
                    .execute(task);
        }
    }

    /**
     * A request sent and not answered yet: its JSON-RPC id and its answer, which abandons it when cancelled.
     *
     * @param task the call it sends as an upstream task, whose answer is read on after a cancel; else null
     */
    private record InFlight(long id, CompletableFuture<JsonNode> answer, TaskCall task) {

        void abort() {
            answer.cancel(true);
        }
    }

    /**
     * A call sent as an upstream task: its task once the upstream names it, and whether the call was cancelled.
     * Whichever of the two comes second sends {@code tasks/cancel}, once; a call never cancelled sends none.
     * Thread-safe.
     */
    private final class TaskCall {
        private String taskId;
        private boolean cancelled;

        /** The upstream answered the call with its task {@code id}. */
        void created(String id) {
            synchronized (this) {
                if (taskId != null) {
                    return;
                }
                taskId = id;
                if (!cancelled) {
                    return;
                }
            }
            cancelTask(id);
        }

        /** The call was cancelled: its task is cancelled now, or once the upstream names it. */
        void cancel() {
            String id;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                if (taskId == null) {
                    return;
                }
                id = taskId;
            }
            cancelTask(id);
        }
    }

    /**
     * An HTTP upstream's client, with a mapper of its own.
     *
     * @param credential the credential header and its value, if any
     * @param maxBytes the largest answer read
     * @param discoverTime how long {@code server/discover} may take
     */
    Era2026Client(
            String upstream,
            URI url,
            Optional<Map.Entry<String, String>> credential,
            long maxBytes,
            Duration discoverTime) {
        this(
                upstream,
                new Era2026HttpExchange(upstream, url, credential, maxBytes, JSON, discoverTime, discoverTime),
                JSON,
                discoverTime);
    }

    /**
     * @param exchange what carries the messages
     * @param json reads results into the SDK's types, ignoring fields it does not know
     * @param discoverTime how long {@code server/discover} may take
     */
    Era2026Client(String upstream, Era2026Exchange exchange, ObjectMapper json, Duration discoverTime) {
        this(upstream, exchange, json, discoverTime, Ticker.system(), Delays.system());
    }

    /**
     * As above, measuring how long a listen stream stayed open with {@code ticker} and waiting with {@code delays}.
     */
    Era2026Client(
            String upstream,
            Era2026Exchange exchange,
            ObjectMapper json,
            Duration discoverTime,
            Ticker ticker,
            Delays delays) {
        this.upstream = upstream;
        this.exchange = exchange;
        this.json = json;
        this.discoverTime = discoverTime;
        this.ticker = ticker;
        this.delays = delays;
    }

    /**
     * Whether the upstream answers {@code server/discover} in the 2026 era, listing its version.
     *
     * @throws UncheckedIOException when it cannot be reached at all
     */
    boolean speaks2026() {
        try {
            JsonNode result = send("server/discover", json.createObjectNode(), null, UpstreamCaller.NONE)
                    .get(discoverTime.toNanos(), TimeUnit.NANOSECONDS);
            for (JsonNode version : result.path("supportedVersions")) {
                if (VERSION.equals(version.asText())) {
                    discovered = result;
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while discovering the upstream's era", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the upstream did not answer server/discover in time", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof McpError) {
                return false; // an answer, but not in this era
            }
            if (e.getCause() instanceof TimeoutException) {
                throw new IllegalStateException("the upstream did not answer server/discover in time", e.getCause());
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public Mono<Opened> open() {
        JsonNode known = discovered;
        Mono<JsonNode> result = known != null
                ? Mono.just(known)
                : request("server/discover", json.createObjectNode(), null, UpstreamCaller.NONE);
        return result.map(found -> {
            discovered = null; // read again on the next open
            JsonNode info = found.path("_meta").path(SERVER_INFO_META);
            JsonNode capabilities = found.path("capabilities");
            return new Opened(
                    info.path("name").asText("?"),
                    info.path("version").asText("?"),
                    VERSION,
                    capabilities.has("prompts"),
                    capabilities.has("resources"),
                    capabilities.path("resources").path("subscribe").asBoolean(false));
        });
    }

    @Override
    public String era() {
        return VERSION;
    }

    @Override
    public boolean pushesListChanges() {
        return false;
    }

    @Override
    public Mono<Object> ping() {
        return request("server/discover", json.createObjectNode(), null, UpstreamCaller.NONE)
                .cast(Object.class);
    }

    @Override
    public Mono<McpSchema.ListToolsResult> listTools(String cursor) {
        return request("tools/list", paged(cursor), null, UpstreamCaller.NONE).map(result -> {
            for (JsonNode tool : result.path("tools")) {
                String support = tool.path("execution").path("taskSupport").asText("");
                try {
                    listedTaskSupport.put(tool.path("name").asText(), TaskSupport.parse(support));
                } catch (IllegalArgumentException e) {
                    listedTaskSupport.remove(tool.path("name").asText());
                }
                Map<String, String> headers = new LinkedHashMap<>();
                tool.path("inputSchema").path("properties").fields().forEachRemaining(property -> {
                    JsonNode header = property.getValue().path("x-mcp-header");
                    if (header.isTextual()) {
                        headers.put(property.getKey(), "Mcp-Param-" + header.asText());
                    }
                });
                paramHeaders.put(tool.path("name").asText(), Map.copyOf(headers));
            }
            return json.convertValue(result, McpSchema.ListToolsResult.class);
        });
    }

    /**
     * Calls a tool; each {@code input_required} round of the upstream is asked of the call's caller, in rounds
     * ({@link UpstreamCaller#inRounds()}), and the call sent again with the answers and the upstream's state.
     */
    @Override
    public Mono<McpSchema.CallToolResult> callTool(McpSchema.CallToolRequest request) {
        ObjectNode params = json.valueToTree(request);
        UpstreamCaller caller = callerOf(params).inRounds();
        if (listedTaskSupport(request.name()) != TaskSupport.REQUIRED) {
            return rounds(params, request.name(), caller, 0)
                    .map(result -> json.convertValue(result, McpSchema.CallToolResult.class));
        }
        String token = params.path("_meta").path("progressToken").asText("");
        declareTasks(params, caller);
        return Mono.defer(() -> {
                    TaskCall task = new TaskCall();
                    if (!token.isEmpty()) {
                        taskCalls.put(token, task);
                    }
                    return rounds(params, request.name(), caller, 0, task)
                            .flatMap(result ->
                                    "task".equals(result.path("resultType").asText())
                                            ? followTask(result, token, caller)
                                            : Mono.just(result))
                            .doFinally(signal -> {
                                if (!token.isEmpty()) {
                                    taskCalls.remove(token, task);
                                }
                            });
                })
                .map(result -> json.convertValue(result, McpSchema.CallToolResult.class));
    }

    /**
     * Follows the upstream task {@code created} to its end and answers as the call would have: its result, or a tool
     * error result when it failed. It polls {@code tasks/get} at the upstream's {@code pollIntervalMs}, bounded by
     * {@link #MIN_POLL} and {@link #MAX_POLL}, rather than reading {@code notifications/tasks} on the
     * {@code subscriptions/listen} stream: a poll needs no stream kept per task, and a stream that ends or reconnects
     * loses nothing. The upstream's {@code timeout} bounds the whole, as it bounds a call; a cancel of the call's token
     * sends {@code tasks/cancel}.
     */
    private Mono<JsonNode> followTask(JsonNode created, String token, UpstreamCaller caller) {
        String taskId = created.path("taskId").asText("");
        if (taskId.isEmpty()) {
            return Mono.error(new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    McpSchema.ErrorCodes.INTERNAL_ERROR, "answered a task without its taskId")));
        }
        if (!token.isEmpty()) {
            inFlight.remove(token); // the call was answered; its task is what a cancel ends now
        }
        return polled(taskId, created, caller, 0);
    }

    /**
     * The task's end, from {@code task} as last seen: its result when completed; a tool error result when it failed
     * ({@link #taskError}); an {@link McpError} when it was cancelled; the caller's answers sent with {@code tasks/update} when it asks for input. Polls repeat without
     * nesting, so a long task's polls do not pile up.
     *
     * @param answered how many rounds of input were answered already
     */
    private Mono<JsonNode> polled(String taskId, JsonNode task, UpstreamCaller caller, int answered) {
        return Flux.just(task)
                .expand(seen -> SETTLED.contains(seen.path("status").asText(""))
                        ? Mono.empty()
                        : Mono.delay(pollInterval(seen), Schedulers.boundedElastic())
                                .then(taskRequest("tasks/get", taskId, null, caller)))
                .last()
                .flatMap(settled -> switch (settled.path("status").asText("")) {
                    case "completed" -> Mono.just(settled.path("result"));
                    case "failed" -> Mono.just(toolError(taskError(settled.path("error"))));
                    case "cancelled" ->
                        Mono.error(new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                                McpSchema.ErrorCodes.INTERNAL_ERROR, "its task was cancelled")));
                    default -> inputForTask(taskId, settled, caller, answered);
                });
    }

    /**
     * Asks the caller the task's input requests, as a call's {@code input_required} rounds are, and sends the answers
     * with {@code tasks/update}; a request the caller cannot answer cancels the task and ends the call with a tool
     * error saying why. A caller that failed (a 2026-era caller asks its own client in a round of its own, which runs
     * the call again) cancels the task too: the call that runs again starts a task of its own.
     */
    private Mono<JsonNode> inputForTask(String taskId, JsonNode task, UpstreamCaller caller, int answered) {
        if (answered >= MAX_INPUT_ROUNDS) {
            cancelTask(taskId);
            return Mono.just(toolError("Upstream " + upstream + " asked the caller for input in more than "
                    + MAX_INPUT_ROUNDS + " rounds (input_required) during one task, so the gateway ended the task"));
        }
        return Mono.fromCallable(() -> answers(task.path("inputRequests"), caller))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnError(CallerFailedException.class, failed -> cancelTask(taskId))
                .flatMap(answers -> taskRequest("tasks/update", taskId, answers, caller))
                .then(taskRequest("tasks/get", taskId, null, caller))
                .flatMap(next -> polled(taskId, next, caller, answered + 1))
                .onErrorResume(NotRelayed.class, refused -> {
                    cancelTask(taskId);
                    return Mono.just(toolError(refused.getMessage()));
                });
    }

    /** A follow-up of the task {@code taskId}, declaring the extension; {@code answers} as its inputResponses. */
    private Mono<JsonNode> taskRequest(String method, String taskId, ObjectNode answers, UpstreamCaller caller) {
        return Mono.defer(() -> {
            ObjectNode params = json.createObjectNode().put("taskId", taskId);
            if (answers != null) {
                params.set("inputResponses", answers);
            }
            declareTasks(params, caller);
            return request(method, params, taskId, UpstreamCaller.NONE);
        });
    }

    /**
     * Puts in {@code params}' {@code _meta} the client capabilities {@code caller} gives, with the Tasks extension
     * declared: the upstream then answers a call of a task-supporting tool with its task.
     */
    private void declareTasks(ObjectNode params, UpstreamCaller caller) {
        ObjectNode capabilities = (ObjectNode) meta(caller).get(CAPABILITIES_META);
        capabilities.putObject("extensions").putObject(TASKS_EXTENSION);
        JsonNode given = params.path("_meta");
        ObjectNode meta = given.isObject() ? (ObjectNode) given : params.putObject("_meta");
        meta.set(CAPABILITIES_META, capabilities);
    }

    /** How long to wait before polling {@code task} again: the upstream's suggestion, within the bounds. */
    private static Duration pollInterval(JsonNode task) {
        JsonNode suggested = task.has("pollIntervalMs") ? task.get("pollIntervalMs") : task.path("pollInterval");
        if (!suggested.canConvertToLong() || suggested.asLong() <= 0) {
            return DEFAULT_POLL;
        }
        Duration interval = Duration.ofMillis(suggested.asLong());
        return interval.compareTo(MIN_POLL) < 0 ? MIN_POLL : interval.compareTo(MAX_POLL) > 0 ? MAX_POLL : interval;
    }

    /**
     * What a failed task's {@code error} says, for a tool error result: its code, not its message, which is the
     * upstream's own. The Tasks extension gives a failed task the JSON-RPC error its request would have had, but the
     * upstream took the call and answered every poll: the tool's run failed, as a plain call's tool error result says
     * (Bulwark answers a tool that throws so), so it neither counts toward the upstream's breaker nor reads as its
     * protocol error.
     */
    private static String taskError(JsonNode error) {
        int code = error.path("code").asInt(McpSchema.ErrorCodes.INTERNAL_ERROR);
        String what = switch (code) {
            case McpSchema.ErrorCodes.INTERNAL_ERROR -> "an internal error";
            case McpSchema.ErrorCodes.INVALID_PARAMS -> "invalid params";
            case McpSchema.ErrorCodes.INVALID_REQUEST -> "an invalid request";
            case McpSchema.ErrorCodes.METHOD_NOT_FOUND -> "method not found";
            default -> "an error";
        };
        return "Its task failed with " + what + " (JSON-RPC code " + code + ")";
    }

    /** Sends {@code tasks/cancel} for {@code taskId} on a thread of its own, not waiting for its answer. */
    private void cancelTask(String taskId) {
        taskRequest("tasks/cancel", taskId, null, UpstreamCaller.NONE)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(
                        answered -> {},
                        failed -> LOG.debug(
                                "Upstream {}: tasks/cancel of task {} failed: {}",
                                upstream,
                                taskId,
                                Safe.describe(failed)));
    }

    /**
     * Sends {@code params} as a {@code tools/call} and, while the upstream answers {@code input_required}, asks
     * {@code caller} its requests on a thread of its own (never the exchange's reader) and sends the call again with
     * the answers, at most {@link #MAX_INPUT_ROUNDS} times.
     *
     * @param answered how many rounds were answered already
     */
    private Mono<JsonNode> rounds(ObjectNode params, String name, UpstreamCaller caller, int answered) {
        return rounds(params, name, caller, answered, null);
    }

    /** As above, sending the call as the upstream task {@code task} when it is not null. */
    private Mono<JsonNode> rounds(ObjectNode params, String name, UpstreamCaller caller, int answered, TaskCall task) {
        return Mono.fromFuture(() -> send("tools/call", params, name, caller, kind -> {}, task))
                .flatMap(result -> {
                    if (!asksForInput(result)) {
                        return Mono.just(result);
                    }
                    if (answered >= MAX_INPUT_ROUNDS) {
                        return Mono.just(toolError("Upstream " + upstream + " asked the caller for input in more than "
                                + MAX_INPUT_ROUNDS
                                + " rounds (input_required) during one call, so the gateway ended the"
                                + " call"));
                    }
                    return Mono.fromCallable(() -> answers(result.path("inputRequests"), caller))
                            .subscribeOn(Schedulers.boundedElastic())
                            .flatMap(answers -> {
                                ObjectNode next = params.deepCopy();
                                next.set("inputResponses", answers);
                                if (result.path("requestState").isTextual()) {
                                    next.set("requestState", result.get("requestState"));
                                } else {
                                    next.remove("requestState");
                                }
                                return rounds(next, name, caller, answered + 1, task);
                            })
                            .onErrorResume(NotRelayed.class, refused -> Mono.just(toolError(refused.getMessage())));
                });
    }

    /**
     * The caller's answer to each of {@code requests}, under its key, asked of it together ({@link
     * UpstreamCaller#answer}): a caller asked in rounds of its own is asked them in one round.
     *
     * @throws NotRelayed when the caller cannot answer one: the upstream gets no answer, and the call ends
     * @throws CallerFailedException when the caller failed for a reason of its own
     */
    private ObjectNode answers(JsonNode requests, UpstreamCaller caller) {
        if (!requests.isObject() || requests.isEmpty()) {
            throw new NotRelayed(
                    "Upstream " + upstream + " asked the caller for input (input_required) without saying what");
        }
        Map<String, UpstreamCaller.Request> asked = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> request : (Iterable<Map.Entry<String, JsonNode>>) requests::fields) {
            String method = request.getValue().path("method").asText("");
            if (!RELAYED.contains(method)) {
                throw new NotRelayed("Bulwark cannot relay " + (method.isEmpty() ? "a request" : method)
                        + ": the gateway relays sampling, elicitation and roots requests only");
            }
            JsonNode given = request.getValue().path("params");
            asked.put(
                    request.getKey(),
                    new UpstreamCaller.Request(
                            method, given.isObject() ? json.convertValue(given, JSON_OBJECT) : Map.of()));
        }
        Map<String, Object> answered;
        try {
            answered = caller.answer(asked);
        } catch (CallerCannotAnswerException e) {
            String methods = e.method()
                    .orElseGet(() -> String.join(
                            " and ",
                            asked.values().stream()
                                    .map(UpstreamCaller.Request::method)
                                    .distinct()
                                    .toList()));
            throw new NotRelayed("Bulwark cannot relay " + methods + ": " + e.getMessage());
        } catch (CallerFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CallerFailedException(e);
        }
        ObjectNode answers = json.createObjectNode();
        for (String key : asked.keySet()) {
            answers.set(key, json.valueToTree(answered.get(key)));
        }
        return answers;
    }

    /** A tool error result saying {@code text}. */
    private JsonNode toolError(String text) {
        return json.valueToTree(McpSchema.CallToolResult.builder()
                .addTextContent(text)
                .isError(true)
                .build());
    }

    /** A request of the upstream's that the caller cannot answer; the message says which and why. */
    private static final class NotRelayed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotRelayed(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Mono<McpSchema.ListPromptsResult> listPrompts(String cursor) {
        return request("prompts/list", paged(cursor), null, UpstreamCaller.NONE)
                .map(result -> json.convertValue(result, McpSchema.ListPromptsResult.class));
    }

    @Override
    public Mono<McpSchema.GetPromptResult> getPrompt(McpSchema.GetPromptRequest request) {
        ObjectNode params = json.valueToTree(request);
        return request("prompts/get", params, request.name(), callerOf(params))
                .map(result -> completed(result, McpSchema.GetPromptResult.class));
    }

    @Override
    public Mono<McpSchema.CompleteResult> complete(McpSchema.CompleteRequest request) {
        return request("completion/complete", json.valueToTree(request), null, UpstreamCaller.NONE)
                .map(result -> completed(result, McpSchema.CompleteResult.class));
    }

    @Override
    public Mono<McpSchema.ListResourcesResult> listResources(String cursor) {
        return request("resources/list", paged(cursor), null, UpstreamCaller.NONE)
                .map(result -> json.convertValue(result, McpSchema.ListResourcesResult.class));
    }

    @Override
    public Mono<McpSchema.ListResourceTemplatesResult> listResourceTemplates(String cursor) {
        return request("resources/templates/list", paged(cursor), null, UpstreamCaller.NONE)
                .map(result -> json.convertValue(result, McpSchema.ListResourceTemplatesResult.class));
    }

    @Override
    public Mono<McpSchema.ReadResourceResult> readResource(McpSchema.ReadResourceRequest request) {
        ObjectNode params = json.valueToTree(request);
        return request("resources/read", params, request.uri(), callerOf(params))
                .map(result -> completed(result, McpSchema.ReadResourceResult.class));
    }

    /** Whether the upstream answered with an {@code input_required} round instead of a result. */
    private static boolean asksForInput(JsonNode result) {
        return "input_required".equals(result.path("resultType").asText());
    }

    /** {@code result} as {@code type}; an {@code input_required} result is refused as an error answer. */
    private <T> T completed(JsonNode result, Class<T> type) {
        if (asksForInput(result)) {
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    -32603, "asked the caller for input (input_required), which the gateway does not pass on"));
        }
        return json.convertValue(result, type);
    }

    @Override
    public TaskSupport listedTaskSupport(String tool) {
        return listedTaskSupport.getOrDefault(tool, TaskSupport.FORBIDDEN);
    }

    @Override
    public void began(String token, UpstreamCaller caller) {
        callers.put(token, caller);
    }

    @Override
    public void ended(String token) {
        callers.remove(token);
    }

    @Override
    public void cancel(String token, String reason) {
        TaskCall task = taskCalls.remove(token);
        if (task != null) {
            task.cancel();
        }
        InFlight call = inFlight.remove(token);
        if (call == null) {
            return;
        }
        if (call.task() != null) {
            abandonLater(call.answer());
        } else {
            call.abort();
        }
        ObjectNode params = json.createObjectNode().put("requestId", call.id()).put("reason", reason);
        params.set("_meta", meta());
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/cancelled");
        message.set("params", params);
        exchange.notify(message, headers("notifications/cancelled", null, message, Map.of()));
    }

    @Override
    public void forget(String token) {
        inFlight.remove(token);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closed = true;
            inFlight.values().forEach(InFlight::abort);
            CompletableFuture<JsonNode> stream = listening;
            if (stream != null) {
                stream.cancel(true);
            }
            inFlight.clear();
            exchange.close();
        });
    }

    private ObjectNode paged(String cursor) {
        ObjectNode params = json.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return params;
    }

    /** The caller of the call whose {@code _meta} carries a progress token this client was told of. */
    private UpstreamCaller callerOf(ObjectNode params) {
        String token = params.path("_meta").path("progressToken").asText("");
        return callers.getOrDefault(token, UpstreamCaller.NONE);
    }

    private Mono<JsonNode> request(String method, ObjectNode params, String name, UpstreamCaller caller) {
        return Mono.fromFuture(() -> send(method, params, name, caller));
    }

    /** Sends one request and reads its answer; cancelling the future closes the connection. */
    private CompletableFuture<JsonNode> send(String method, ObjectNode params, String name, UpstreamCaller caller) {
        return send(method, params, name, caller, kind -> {});
    }

    /**
     * Opens {@code subscriptions/listen} for the upstream's list changes, telling {@code changed} {@code tools},
     * {@code prompts} or {@code resources} on the client's reader thread, until the client closes: a stream that ends
     * by itself is opened again after the connection's backoff.
     */
    @Override
    public synchronized void listen(Consumer<String> changed) {
        listChanges = changed;
        open(false);
    }

    /**
     * Asks the listen stream for the updates of {@code uris} (its {@code resourceSubscriptions}) from now on: a
     * stream's notifications are fixed when it opens, so an open one is replaced by a new one.
     */
    @Override
    public synchronized void follow(Set<String> uris, Consumer<String> updated) {
        resourceUpdated = updated;
        if (uris.equals(followed)) {
            return;
        }
        followed = Set.copyOf(uris);
        if (listChanges != null) {
            open(false);
        }
    }

    /**
     * Opens a listen stream for the list changes and the followed resources, in place of the open one.
     *
     * @param again whether it replaces one that ended: the lists are then read again once it is acknowledged, as a
     *     change may have come while none was open
     */
    private synchronized void open(boolean again) {
        if (closed) {
            return;
        }
        Consumer<String> changed = listChanges;
        ObjectNode params = json.createObjectNode();
        ObjectNode notifications = params.putObject("notifications")
                .put("toolsListChanged", true)
                .put("promptsListChanged", true)
                .put("resourcesListChanged", true);
        if (!followed.isEmpty()) {
            followed.forEach(notifications.putArray("resourceSubscriptions")::add);
        }
        CompletableFuture<JsonNode> previous = listening;
        AtomicLong acknowledgedAt = new AtomicLong(NOT_ACKNOWLEDGED);
        CompletableFuture<JsonNode> stream = send("subscriptions/listen", params, null, UpstreamCaller.NONE, kind -> {
            if (!ACKNOWLEDGED.equals(kind)) {
                changed.accept(kind);
                return;
            }
            acknowledgedAt.compareAndSet(NOT_ACKNOWLEDGED, ticker.nanoTime());
            if (again) {
                // read off the stream's reader, which reads this stream's next notifications
                CompletableFuture.runAsync(
                        () -> List.of("tools", "prompts", "resources").forEach(changed));
            }
        });
        listening = stream;
        stream.whenComplete((done, failure) -> ended(stream, failure, acknowledgedAt.get()));
        if (previous != null) {
            previous.cancel(true);
        }
    }

    /**
     * The listen stream {@code stream} ended: unless the client closed, another replaced it or the upstream refused
     * it, one is opened again after the connection's backoff, which grows while streams end unacknowledged or soon
     * after their acknowledgement, and starts again once one stayed open {@link #STEADY_STREAM}.
     *
     * @param acknowledgedAt when the stream was acknowledged, of {@link #ticker}; {@link #NOT_ACKNOWLEDGED} if never
     */
    private void ended(CompletableFuture<JsonNode> stream, Throwable failure, long acknowledgedAt) {
        Duration wait;
        synchronized (this) {
            if (closed || stream.isCancelled() || listening != stream) {
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof McpError refused) {
                // an answer, not an end: asking again would be refused again
                LOG.warn(
                        "Upstream {} refused subscriptions/listen: {}; its list changes are read at each health"
                                + " check",
                        upstream,
                        refused.getMessage());
                return;
            }
            if (acknowledgedAt != NOT_ACKNOWLEDGED && ticker.nanoTime() - acknowledgedAt >= STEADY_STREAM.toNanos()) {
                endedEarly = 0;
            }
            wait = UpstreamConnection.backoff(endedEarly++);
        }
        LOG.info(
                "Upstream {}: its subscriptions/listen stream ended; it is opened again in {} ms",
                upstream,
                wait.toMillis());
        delays.after(wait, () -> reopen(stream));
    }

    /** Opens the listen stream again in place of {@code ended}, unless the client closed or another replaced it. */
    private synchronized void reopen(CompletableFuture<JsonNode> ended) {
        if (!closed && listening == ended) {
            open(true);
        }
    }

    private CompletableFuture<JsonNode> send(
            String method, ObjectNode params, String name, UpstreamCaller caller, Consumer<String> listChanged) {
        return send(method, params, name, caller, listChanged, null);
    }

    /**
     * Sends one request and reads its answer. A call sent as the upstream task {@code task} (when not null) is sent off
     * the caller's thread, and a cancel does not abandon it at once: its answer is read on for {@link #LATE_TASK_WAIT}
     * at most, so that the task it names is cancelled.
     */
    private CompletableFuture<JsonNode> send(
            String method,
            ObjectNode params,
            String name,
            UpstreamCaller caller,
            Consumer<String> listChanged,
            TaskCall task) {
        long id = ids.incrementAndGet();
        JsonNode given = params.path("_meta");
        ObjectNode meta = meta(caller);
        Map<String, String> trace = new LinkedHashMap<>();
        if (given.isObject()) {
            given.fields().forEachRemaining(field -> {
                meta.set(field.getKey(), field.getValue());
                if (UpstreamTraceContext.KEYS.contains(field.getKey())
                        && field.getValue().isTextual()) {
                    trace.put(field.getKey(), field.getValue().asText());
                }
            });
        }
        params.set("_meta", meta);
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        Map<String, String> headers = headers(method, name, message, trace);
        Consumer<JsonNode> notified = notice -> notified(notice, caller, listChanged);
        CompletableFuture<JsonNode> answer = task == null
                ? exchange.send(id, message, headers, notified)
                : offCallersThread(id, message, headers, notified);
        String token = meta.path("progressToken").asText("");
        if (!token.isEmpty()) {
            inFlight.put(token, new InFlight(id, answer, task));
        }
        CompletableFuture<JsonNode> result = answer.thenApply(response -> {
            if (task != null) {
                createdTask(response).ifPresent(task::created);
            }
            return resultOf(response);
        });
        CompletableFuture<JsonNode> outcome = result.handle((done, failure) -> {
            if (failure == null) {
                return done;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof TimeoutException) {
                throw new CompletionException(cause); // the exchange's own deadline: the caller reports a timeout
            }
            throw new UncheckedIOException(
                    cause instanceof IOException io ? io : new IOException("the upstream could not be reached"));
        });
        // a caller that stops waiting abandons the request; a call sent as a task, once its task is known
        outcome.whenComplete((done, failure) -> {
            if (failure instanceof CancellationException) {
                if (task == null) {
                    answer.cancel(true);
                } else {
                    task.cancel();
                    abandonLater(answer);
                }
            }
        });
        return outcome;
    }

    /**
     * Sends a call that creates an upstream task on a thread of its own: a cancel interrupts the caller's thread, which
     * would close the connection before the answer names the task to cancel. Cancelling the returned future abandons
     * the request; an exchange that reads on the sending thread is interrupted, which closes its connection.
     */
    private CompletableFuture<JsonNode> offCallersThread(
            long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        Sender sender = new Sender();
        answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                sender.abandon();
            }
        });
        Schedulers.boundedElastic().schedule(() -> {
            if (!sender.begin()) {
                return; // abandoned before it was sent
            }
            CompletableFuture<JsonNode> sent;
            try {
                sent = exchange.send(id, message, headers, notified);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            } finally {
                sender.end();
            }
            answer.whenComplete((done, failure) -> {
                if (answer.isCancelled()) {
                    sent.cancel(true);
                }
            });
            sent.whenComplete((done, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(done);
                }
            });
        });
        return answer;
    }

    /**
     * The pooled thread sending one request, interrupted when the request is abandoned, and only while it sends: the
     * pool's next task never finds an interrupt meant for this one. Thread-safe.
     */
    private static final class Sender {
        private Thread thread;
        private boolean abandoned;

        /** Whether to send: false once abandoned. */
        synchronized boolean begin() {
            if (abandoned) {
                return false;
            }
            thread = Thread.currentThread();
            return true;
        }

        synchronized void end() {
            thread = null;
            Thread.interrupted(); // an abandon that came as the send returned
        }

        synchronized void abandon() {
            abandoned = true;
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Abandons {@code answer}, the answer of a cancelled call sent as a task, once {@link #LATE_TASK_WAIT} passed. */
    private void abandonLater(CompletableFuture<JsonNode> answer) {
        if (!answer.isDone()) {
            delays.after(LATE_TASK_WAIT, () -> answer.cancel(true));
        }
    }

    /** The task a response to a call names, if it is a task the upstream created. */
    private static Optional<String> createdTask(JsonNode response) {
        JsonNode result = response.path("result");
        String taskId = result.path("taskId").asText("");
        return "task".equals(result.path("resultType").asText()) && !taskId.isEmpty()
                ? Optional.of(taskId)
                : Optional.empty();
    }

    /** The era's {@code _meta}, declaring no client capabilities. */
    private ObjectNode meta() {
        return meta(UpstreamCaller.NONE);
    }

    /**
     * The era's {@code _meta}: its version, and as the client's capabilities the features {@code caller} can be asked
     * for (elicitation in form mode only, which is all that is relayed).
     */
    private ObjectNode meta(UpstreamCaller caller) {
        ObjectNode meta = json.createObjectNode().put(VERSION_META, VERSION);
        ObjectNode capabilities = meta.putObject(CAPABILITIES_META);
        for (String feature : new TreeSet<>(caller.features())) {
            ObjectNode declared = capabilities.putObject(feature);
            if ("elicitation".equals(feature)) {
                declared.putObject("form");
            }
        }
        return meta;
    }

    /** The era's routing headers of {@code message}, and the trace context. */
    private Map<String, String> headers(String method, String name, ObjectNode message, Map<String, String> trace) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", VERSION);
        headers.put("Mcp-Method", method);
        if (name != null) {
            headers.put("Mcp-Name", headerValue(name));
        }
        if ("tools/call".equals(method)) {
            JsonNode arguments = message.path("params").path("arguments");
            paramHeaders.getOrDefault(name, Map.of()).forEach((argument, header) -> {
                JsonNode value = arguments.path(argument);
                if (value.isValueNode() && !value.isNull()) {
                    headers.put(header, headerValue(value.asText()));
                }
            });
        }
        headers.putAll(trace);
        return headers;
    }

    /** The response's {@code result}; a JSON-RPC error is thrown as an {@link McpError}. */
    private static JsonNode resultOf(JsonNode response) {
        if (response.hasNonNull("error")) {
            JsonNode error = response.get("error");
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(
                    error.path("code").asInt(-32603), error.path("message").asText("")));
        }
        return response.path("result");
    }

    /** Passes on a notification the upstream sent about a request: list changes, progress and log messages. */
    private void notified(JsonNode message, UpstreamCaller caller, Consumer<String> listChanged) {
        String method = message.path("method").asText("");
        JsonNode params = message.path("params");
        try {
            if (ACKNOWLEDGED_METHOD.equals(method)) {
                listChanged.accept(ACKNOWLEDGED);
            } else if (method.startsWith("notifications/") && method.endsWith("/list_changed")) {
                listChanged.accept(
                        method.substring("notifications/".length(), method.length() - "/list_changed".length()));
            } else if ("notifications/resources/updated".equals(method)) {
                String uri = params.path("uri").asText("");
                if (followed.contains(uri)) {
                    resourceUpdated.accept(uri);
                }
            } else if ("notifications/progress".equals(method)) {
                caller.progress(
                        params.path("progress").asDouble(),
                        params.hasNonNull("total") ? params.get("total").asDouble() : null,
                        params.hasNonNull("message") ? params.get("message").asText() : null);
            } else if ("notifications/message".equals(method)) {
                String level = params.path("level").asText("info");
                String logger = params.path("logger").asText("");
                String text = params.path("data").isTextual()
                        ? params.path("data").asText()
                        : params.path("data").toString();
                if (!caller.log(level, logger, text)) {
                    LOG.info("Upstream {} logged at {}: {}", upstream, level, text);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Upstream {}: a notification could not be passed on: {}", upstream, Safe.describe(e));
        }
    }

    /** A header's value: as it is when plain ASCII, else {@code =?base64?...?=} of its UTF-8 bytes. */
    static String headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
            }
        }
        return value;
    }
}
