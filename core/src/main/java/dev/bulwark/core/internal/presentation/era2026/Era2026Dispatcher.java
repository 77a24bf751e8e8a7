package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.AcceptedCall;
import dev.bulwark.core.Extension;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import dev.bulwark.core.internal.business.tasks.TaskOutcome;
import dev.bulwark.core.internal.presentation.listing.ToolListPage;
import dev.bulwark.core.internal.presentation.pipeline.RequestIds;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskCallResults;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.ports.DependencyUnavailableException;
import dev.bulwark.ports.calls.CancelledRequests;
import dev.bulwark.ports.era2026.Era2026Answer;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.era2026.Era2026Requests;
import dev.bulwark.ports.era2026.NotificationStream;
import dev.bulwark.ports.json.JsonBytes;
import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestNotifications;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tracing.RequestTraces;
import dev.bulwark.ports.tracing.RequestTraces.Trace;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one entry point of the 2026 era, for every transport: checks a request, answers what only this era has, hands
 * the extensions' methods to their handlers and the rest to the SDK's stateless server, and shapes the answer for the
 * era. Thread-safe.
 */
final class Era2026Dispatcher implements Era2026Requests {

    private static final Logger LOG = LoggerFactory.getLogger(Era2026Dispatcher.class);

    /** The JSON-RPC error code of a task request whose task store cannot be reached now. */
    static final int TASK_STORE_UNAVAILABLE = -32000;

    private final ObjectMapper mapper;
    private final McpJsonMapper sdkMapper;
    private final McpStatelessServerHandler handler;
    private final InputRounds rounds;
    private final RequestCheck check;
    private final Discovery discovery;
    private final ResultShaping shaping;
    private final Subscriptions subscriptions;
    private final RequestTraces traces;
    /** The tool of a name the server serves now, if any. */
    private final Function<String, Optional<Tool<?, ?>>> tools;

    private final TaskRequestMetrics metrics;
    private final TaskAdmission admission;
    private final ExtensionRequests extensions;
    private final ClientRequestJson json;
    private final CancellableRequests cancellable = new CancellableRequests();
    /**
     * Writes answers in UTF-8 as the session era's transports do: a surrogate pair as its 4 bytes, a lone surrogate
     * as its JSON escape (which UTF-8 cannot carry).
     */
    private final ObjectWriter utf8;

    Era2026Dispatcher(
            ObjectMapper mapper,
            McpJsonMapper sdkMapper,
            McpStatelessServerHandler handler,
            InputRounds rounds,
            Discovery discovery,
            ResultShaping shaping,
            Subscriptions subscriptions,
            RequestTraces traces,
            Function<String, Optional<Tool<?, ?>>> tools,
            TaskRequestMetrics metrics,
            ParamHeaderCheck paramHeaders,
            TaskAdmission admission,
            ExtensionRequests extensions) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.sdkMapper = Objects.requireNonNull(sdkMapper, "sdkMapper");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
        this.check = new RequestCheck(mapper, Objects.requireNonNull(paramHeaders, "paramHeaders"));
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.shaping = Objects.requireNonNull(shaping, "shaping");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.traces = Objects.requireNonNull(traces, "traces");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.json = new ClientRequestJson(mapper);
        this.utf8 = mapper.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    }

    @Override
    public boolean claims(String method, Object params, String protocolVersionHeader) {
        return claimed(method, params, protocolVersionHeader);
    }

    /** {@link #claims}, which needs nothing but the request: a layer not built yet can answer it. */
    static boolean claimed(String method, Object params, String protocolVersionHeader) {
        if (Era2026Protocol.DISCOVER.equals(method) || Era2026Protocol.LISTEN.equals(method)) {
            return true;
        }
        if (params instanceof Map<?, ?> map
                && map.get(Era2026Protocol.META) instanceof Map<?, ?> meta
                && meta.containsKey(Era2026Protocol.PROTOCOL_VERSION)) {
            return true;
        }
        return protocolVersionHeader != null && Era2026Protocol.SUPPORTED_VERSIONS.contains(protocolVersionHeader);
    }

    @Override
    public void serve(Era2026Request request, Consumer<String> notifications, CompletableFuture<Era2026Answer> answer) {
        if (answer.isDone()) {
            return; // the client gave up on it before it was served
        }
        if (!request.json()) {
            answer.complete(
                    new Rejection(400, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the body is not JSON", null)
                            .answer(mapper, null));
            return;
        }
        Map<String, Object> message = request.message();
        Object rawId = message == null ? null : message.get("id");
        boolean hasId = message != null && message.containsKey("id");
        if (message == null
                || !"2.0".equals(JsonTree.asText(message.get("jsonrpc")))
                || !(message.get("method") instanceof String)
                || (hasId && !JsonTree.isValidId(rawId))) {
            answer.complete(Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 request")
                    .answer(mapper, JsonTree.isValidId(rawId) ? JsonTree.of(rawId) : null));
            return;
        }
        String method = (String) message.get("method");
        JsonNode id = hasId ? JsonTree.of(rawId) : null;
        Object rawParams = message.get("params");
        if (rawParams != null && !(rawParams instanceof Map)) {
            answer.complete(Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: params must be an object")
                    .answer(mapper, id));
            return;
        }
        @SuppressWarnings("unchecked") // a JSON object as read: string keys
        Map<String, Object> paramsMap = rawParams == null ? new LinkedHashMap<>() : (Map<String, Object>) rawParams;
        if (id == null) {
            if (CancelledRequests.METHOD.equals(method)) {
                Object requestId = paramsMap.get("requestId");
                cancellable.cancel(callerOf(request), JsonTree.isValidId(requestId) ? requestId : null);
            }
            answer.complete(Era2026Answer.of(202, ""));
            return;
        }
        ObjectNode params = JsonTree.object(paramsMap);
        Trace trace = traces.started(
                method, id.isTextual() ? id.asText() : id.numberValue(), params, null, request.headers());
        if (trace != Trace.NONE) {
            answer.whenComplete((answered, failure) -> {
                if (failure != null) {
                    trace.failed(failure); // given up on (the client left, or cancelled it): no answer was sent
                } else {
                    trace.answered(errorCodeOf(answered));
                }
            });
        }
        Optional<Era2026Answer> answeredHere = dispatch(id, method, params, paramsMap, request);
        if (answeredHere.isPresent()) {
            Era2026Answer here = answeredHere.get();
            if (!answer.complete(here)) {
                here.stream().ifPresent(NotificationStream::close); // given up on: the stream never opens
            }
        } else {
            forward(id, method, params, paramsMap, request, notifications, answer);
        }
    }

    /** The answer of a request this layer answers itself, or empty for one the SDK's server serves. */
    private Optional<Era2026Answer> dispatch(
            JsonNode id, String method, ObjectNode params, Map<String, Object> paramsMap, Era2026Request request) {
        Optional<Rejection> rejection = check.check(method, params, request.overHttp(), request.headers());
        if (rejection.isPresent()) {
            return Optional.of(rejection.get().answer(mapper, id));
        }
        if (Era2026Protocol.DISCOVER.equals(method)) {
            return Optional.of(result(id, shaping.complete(method, discovery.result())));
        }
        if (Era2026Protocol.LISTEN.equals(method)) {
            return Optional.of(subscriptions.listen(
                    id, params, callerOf(request), request.origin().caller()));
        }
        Optional<String> extension = extensionOf(method, params);
        if (extension.isPresent()) { // served through the pipeline once the client may call it
            JsonNode capabilities = params.path(Era2026Protocol.META).path(Era2026Protocol.CLIENT_CAPABILITIES);
            return !"resources/read".equals(method) // a read is the base protocol's: no declaration needed
                            && extensions.clientMustDeclare(extension.get())
                            && !DeclaredExtensions.declared(capabilities, extension.get())
                    ? Optional.of(
                            DeclaredExtensions.missing(mapper, extension.get()).answer(mapper, id))
                    : Optional.empty();
        }
        if ("tools/call".equals(method)) {
            Optional<Era2026Answer> augmented = augmentedCall(id, params, paramsMap, request);
            if (augmented.isPresent()) {
                return augmented;
            }
        }
        if (!Era2026Protocol.FORWARDED_METHODS.contains(method)) {
            return Optional.of(new Rejection(
                            404,
                            McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                            "Method not found: this server has no such method in protocol version "
                                    + Era2026Protocol.VERSION,
                            null)
                    .answer(mapper, id));
        }
        return Optional.empty();
    }

    /** The extension a request of {@code method} belongs to: one of its methods, or a read of its resources. */
    private Optional<String> extensionOf(String method, ObjectNode params) {
        Map<String, Object> named =
                params.path("uri").isTextual() ? Map.of("uri", params.get("uri").textValue()) : Map.of();
        return extensions.claims(method, named);
    }

    /**
     * A {@code tools/call} of {@code tool} an extension takes ({@link ToolCallAugmentation}), or one refused because
     * the client did not declare the extension the tool is called only through ({@code undeclared}).
     */
    private record Taken(Tool<?, ?> tool, String extension, ToolCallAugmentation augmentation, boolean undeclared) {

        /** Whether its answer starts the call's own run, and so is answered before the pipeline. */
        boolean startsTheRun() {
            return augmentation.startsTheRunLater(tool);
        }
    }

    /**
     * The extension that takes a {@code tools/call} with {@code params}: the first, in registration order, that the
     * client declared and that augments the call, or the first the client did not declare that the tool is called
     * only through. Empty when the call runs plainly.
     *
     * @param paramsMap the params as read, which an augmentation sees but cannot change
     */
    private Optional<Taken> takenBy(ObjectNode params, Map<String, Object> paramsMap) {
        List<Extension> augmenting = extensions.augmentingToolCalls();
        if (augmenting.isEmpty()) {
            return Optional.empty();
        }
        Optional<Tool<?, ?>> found = tools.apply(params.path("name").asText(""));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Tool<?, ?> tool = found.get();
        JsonNode capabilities = params.path(Era2026Protocol.META).path(Era2026Protocol.CLIENT_CAPABILITIES);
        Map<String, Object> seen = Collections.unmodifiableMap(paramsMap);
        for (Extension extension : augmenting) {
            ToolCallAugmentation augmentation = extension.toolCallAugmentation().orElseThrow();
            if (!DeclaredExtensions.declared(capabilities, extension.id())) {
                if (augmentation.requiredBy(tool)) {
                    return Optional.of(new Taken(tool, extension.id(), augmentation, true));
                }
            } else if (augmentation.augments(tool, seen)) {
                return Optional.of(new Taken(tool, extension.id(), augmentation, false));
            }
        }
        return Optional.empty();
    }

    /**
     * The answer to a {@code tools/call} an extension takes that is answered here: refused with {@code -32021} for a
     * client that did not declare the extension the tool is called only through, or answered by an augmentation
     * that starts the call's run. Empty when the call goes on to the pipeline: plainly, or answered there by an
     * extension's augmentation.
     */
    private Optional<Era2026Answer> augmentedCall(
            JsonNode id, ObjectNode params, Map<String, Object> paramsMap, Era2026Request request) {
        Optional<Taken> taken = takenBy(params, paramsMap);
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        if (taken.get().undeclared()) {
            return Optional.of(
                    DeclaredExtensions.missing(mapper, taken.get().extension()).answer(mapper, id));
        }
        if (!taken.get().startsTheRun()) {
            return Optional.empty();
        }
        return augmented(
                id,
                params,
                Collections.unmodifiableMap(paramsMap),
                request,
                taken.get().tool(),
                taken.get().augmentation());
    }

    /**
     * The answer to a call {@code augmentation} takes, once the caller holds the tool's scopes: the tool's input asked
     * first, its rate limit charged (a refusal is answered as the same call would be), then the extension's answer.
     */
    private Optional<Era2026Answer> augmented(
            JsonNode id,
            ObjectNode params,
            Map<String, Object> paramsMap,
            Era2026Request request,
            Tool<?, ?> tool,
            ToolCallAugmentation augmentation) {
        JsonNode capabilities = params.get(Era2026Protocol.META).get(Era2026Protocol.CLIENT_CAPABILITIES);
        Principal caller = request.origin().caller().orElse(null);
        if (caller == null || !caller.hasAllScopes(tool.requiredScopes())) {
            return Optional.empty();
        }
        Optional<ObjectNode> input = TaskMethods.inputBeforeTask(json, mapper, tool, params);
        if (input.isPresent()) {
            for (dev.bulwark.core.ClientRequest asked : tool.inputBeforeTask()) {
                Optional<Rejection> missing = shaping.missingCapability(asked.feature(), capabilities);
                if (missing.isPresent()) {
                    return Optional.of(missing.get().answer(mapper, id));
                }
            }
            return Optional.of(result(id, shaping.identify(input.get())));
        }
        try {
            @SuppressWarnings("unchecked") // a JSON object: string keys
            Map<String, Object> meta = mapper.convertValue(params.get(Era2026Protocol.META), Map.class);
            Optional<McpSchema.CallToolResult> refused = admission.refusal(tool, request.origin(), meta);
            if (refused.isPresent()) { // answered as the same call without the extension: the extension never sees it
                counted(refused.get().meta());
                return Optional.of(result(
                        id, shaping.complete("tools/call", sdkMapper.convertValue(refused.get(), ObjectNode.class))));
            }
            String requestId =
                    RequestIds.choose(meta, request.origin().clientRequestId().orElse(null));
            AcceptedRun accepted = new AcceptedRun(tool.name(), params, request.origin(), mapper, this::runAccepted);
            ObjectNode answered = mapper.valueToTree(augmentation.answer(
                    tool,
                    paramsMap,
                    new AugmentedCallContext(caller, requestId, tool.name(), request.origin(), accepted)));
            if (answered.has("resultType")) { // counted when the work it starts runs, as the tool call it is
                return Optional.of(result(id, shaping.identify(answered)));
            }
            if (answered.path("isError").asBoolean(false)) {
                counted(mapper.convertValue(answered.get(Era2026Protocol.META), Map.class));
            }
            return Optional.of(result(id, shaping.complete("tools/call", answered)));
        } catch (InvalidArgumentsException invalid) {
            metrics.answered("tools/call", TaskRequestMetrics.INVALID);
            return Optional.of(Rejection.badRequest(McpSchema.ErrorCodes.INVALID_PARAMS, invalid.getMessage())
                    .answer(mapper, id));
        } catch (dev.bulwark.ports.tasks.TaskStoreFullException full) {
            metrics.answered("tools/call", TaskRequestMetrics.INVALID);
            return Optional.of(new Rejection(200, McpSchema.ErrorCodes.INVALID_REQUEST, full.getMessage(), null)
                    .answer(mapper, id));
        } catch (Exception | OutOfMemoryError | StackOverflowError e) { // nothing was started
            return Optional.of(taskFailed(id, "tools/call", e));
        }
    }

    /** Counts a call answered with an error result whose {@code _meta} is {@code meta}, by its error type. */
    private void counted(Map<?, ?> meta) {
        Object errorType = meta == null ? null : meta.get(ResultMeta.ERROR_TYPE);
        metrics.answered("tools/call", errorType == null ? TaskRequestMetrics.INTERNAL : errorType.toString());
    }

    /**
     * The answer to a request of a task route that failed with {@code failure}, counted: the task store unavailable
     * (a task kept where this instance cannot reach now; logged without a stack trace), or an internal error.
     */
    private Era2026Answer taskFailed(JsonNode id, String method, Throwable failure) {
        if (failure instanceof DependencyUnavailableException outage) {
            metrics.answered(method, TaskRequestMetrics.DEPENDENCY_UNAVAILABLE);
            // the task store's gateway warns of the outage, once per interval
            LOG.debug("A {} request failed: the task store is unavailable: {}", method, FailureText.of(outage));
            return new Rejection(
                            200,
                            TASK_STORE_UNAVAILABLE,
                            "Service unavailable: the store of this task cannot be reached right now; retry shortly",
                            null)
                    .answer(mapper, id);
        }
        metrics.answered(method, TaskRequestMetrics.INTERNAL);
        return failed(id, method, failure);
    }

    /**
     * The accepted call of {@code params} by {@code origin}'s caller, rebuilt from what was stored of it, its form
     * checked already ({@link AcceptedRun#checkStored}).
     *
     * @throws IllegalArgumentException if the tool it names is not served
     */
    AcceptedCall acceptedOf(ObjectNode params, RequestOrigin origin) {
        String name = params.get("name").asText();
        if (tools.apply(name).isEmpty()) {
            throw new IllegalArgumentException("params.name names no tool this server serves: '" + name + "'");
        }
        return new AcceptedRun(name, params, origin, mapper, this::runAccepted);
    }

    /**
     * Runs a call accepted to run later, {@code runId} its JSON-RPC id: through the SDK's stateless server, off the
     * request thread, its rate limit charged when it was accepted. The one way an accepted call runs: a task's run
     * and an embedder's alike.
     */
    private CompletableFuture<TaskOutcome> runAccepted(
            String runId, ObjectNode params, RequestOrigin origin, CompletableFuture<Void> cancelled) {
        JsonNode capabilities = params.path(Era2026Protocol.META).path(Era2026Protocol.CLIENT_CAPABILITIES);
        InputRound round =
                rounds.open("tools/call", params, capabilities, origin.caller().orElseThrow());
        String sdkId = runId;
        RequestOrigin forwarded = origin.toBuilder()
                .era(ProtocolEra.REQUESTS_2026_07_28)
                .inputRound(round)
                .clientCapabilities(capabilities)
                .notifications((notificationMethod, notificationParams) -> {}) // nobody listens: the client polls
                .servedOnCallingThread(false)
                .jsonRpcId(sdkId)
                .cancellation(cancelled)
                .acceptedRun(true) // charged when it was accepted; a task's run is marked so by its origin
                .build();
        @SuppressWarnings("unchecked") // a JSON object: string keys
        Map<String, Object> paramsMap = mapper.convertValue(params, Map.class);
        JSONRPCRequest sdkRequest = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, "tools/call", sdkId, paramsMap);
        McpTransportContext transportContext = McpTransportContext.create(forwarded.asContext());
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        Mono.defer(() -> handler.handleRequest(transportContext, sdkRequest))
                .map(response -> taskOutcome(round, response))
                .subscribe(outcome::complete, outcome::completeExceptionally);
        return outcome;
    }

    private TaskOutcome taskOutcome(InputRound round, JSONRPCResponse response) {
        Optional<ObjectNode> inputRequired = round.inputRequired();
        if (inputRequired.isPresent()) {
            return new TaskOutcome((ObjectNode) inputRequired.get().get("inputRequests"), null, null);
        }
        return TaskCallResults.outcome(response, mapper, sdkMapper);
    }

    /**
     * Hands the request to the SDK's stateless server, on this thread when the request may be served on it, and
     * completes {@code answer} with what the server answers. A cancelled {@code answer} cancels the call.
     */
    private void forward(
            JsonNode id,
            String method,
            ObjectNode params,
            Map<String, Object> paramsMap,
            Era2026Request request,
            Consumer<String> notifications,
            CompletableFuture<Era2026Answer> answer) {
        JsonNode capabilities = params.get(Era2026Protocol.META).get(Era2026Protocol.CLIENT_CAPABILITIES);
        RequestOrigin origin = request.origin();
        Principal caller = origin.caller().orElse(null);
        InputRound round;
        try {
            round = rounds.open(method, params, capabilities, caller);
        } catch (InvalidInputRoundException e) {
            answer.complete(Rejection.badRequest(McpSchema.ErrorCodes.INVALID_PARAMS, e.getMessage())
                    .answer(mapper, id));
            return;
        }
        Object sdkId = id.isTextual() ? id.asText() : id.numberValue();
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        RequestOrigin forwarded = origin.toBuilder()
                .era(ProtocolEra.REQUESTS_2026_07_28)
                .inputRound(round)
                .clientCapabilities(capabilities)
                .notifications(notifier(notifications))
                .jsonRpcId(sdkId)
                .cancellation(cancelled)
                .build();
        JSONRPCRequest sdkRequest = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, sdkId, paramsMap);
        McpTransportContext transportContext = McpTransportContext.create(forwarded.asContext());
        // before the server runs it: the transport may give up on a request served on its own thread meanwhile
        answer.whenComplete((answered, failure) -> {
            if (failure instanceof CancellationException) { // the transport gave up on the request: so does its call
                cancelled.complete(null);
            }
        });
        if (answer.isDone()) {
            return; // given up on before it started
        }
        cancellable.track(callerOf(request), sdkId, answer, cancelled);
        boolean extension = extensionOf(method, params).isPresent();
        Optional<Taken> augmented = "tools/call".equals(method)
                ? takenBy(params, paramsMap).filter(taken -> !taken.undeclared() && !taken.startsTheRun())
                : Optional.empty();
        Mono.defer(() -> {
                    if (extension) {
                        return extensions.handle(transportContext, sdkRequest);
                    }
                    if (augmented.isPresent()) {
                        return extensions.augment(
                                transportContext,
                                sdkRequest,
                                augmented.get().tool(),
                                augmented.get().augmentation());
                    }
                    return handler.handleRequest(transportContext, sdkRequest);
                })
                .flatMap(response -> "resources/list".equals(method)
                        ? extensions.withListedResources(transportContext, response)
                        : Mono.just(response))
                .map(response -> answer(id, method, params, capabilities, round, response))
                .onErrorResume(failure -> Mono.just(failed(id, method, failure)))
                .subscribe(answer::complete, answer::completeExceptionally);
    }

    /**
     * The answer to a request whose serving failed: params that do not fit their method ({@code Invalid params},
     * checked before the SDK's handler, with a message naming the field) are the client's mistake, anything else is
     * an internal error that says nothing about itself (the failure goes to the log).
     */
    private Era2026Answer failed(JsonNode id, String method, Throwable failure) {
        if (failure instanceof McpError error
                && error.getJsonRpcError() != null
                && Integer.valueOf(McpSchema.ErrorCodes.INVALID_PARAMS)
                        .equals(error.getJsonRpcError().code())) {
            return Rejection.badRequest(
                            McpSchema.ErrorCodes.INVALID_PARAMS,
                            error.getJsonRpcError().message())
                    .answer(mapper, id);
        }
        LOG.warn("Serving a {} request of protocol version {} failed", method, Era2026Protocol.VERSION, failure);
        return new Rejection(
                        200,
                        McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "Internal error: the request could not be served",
                        null)
                .answer(mapper, id);
    }

    /** The subject of the request's caller, or {@code ""} when the transport named none. */
    private static String callerOf(Era2026Request request) {
        return request.origin().caller().map(Principal::subject).orElse("");
    }

    /** The JSON-RPC error code of an answer, or {@code null} for a result (or no answer at all). */
    private static Integer errorCodeOf(Era2026Answer answer) {
        if (answer == null) {
            return McpSchema.ErrorCodes.INTERNAL_ERROR;
        }
        return answer.errorCode().orElse(null); // not in a conditional expression: it would unbox the null
    }

    /** The request's notifications, written as JSON-RPC notifications to {@code notifications}. */
    private RequestNotifications notifier(Consumer<String> notifications) {
        return (notificationMethod, notificationParams) -> {
            ObjectNode notification =
                    mapper.createObjectNode().put("jsonrpc", "2.0").put("method", notificationMethod);
            if (notificationParams != null) {
                notification.set("params", sdkMapper.convertValue(notificationParams, JsonNode.class));
            }
            notifications.accept(notification.toString());
        };
    }

    private Era2026Answer answer(
            JsonNode id,
            String method,
            ObjectNode params,
            JsonNode capabilities,
            InputRound round,
            JSONRPCResponse response) {
        Optional<ObjectNode> inputRequired = round.inputRequired();
        if (inputRequired.isPresent()) {
            ObjectNode result = inputRequired.get().deepCopy();
            if (!result.has("resultType")) {
                result.put("resultType", "input_required");
            }
            return result(id, shaping.identify(result));
        }
        if (response.error() == null && response.result() instanceof ToolListPage page) {
            return toolList(id, page);
        }
        ObjectNode result =
                response.error() != null ? null : sdkMapper.convertValue(response.result(), ObjectNode.class);
        boolean failed = result == null || result.path("isError").asBoolean(false);
        Optional<Rejection> missing = failed
                ? round.missingCapability().flatMap(needed -> shaping.missingCapability(needed, capabilities))
                : Optional.empty();
        if (missing.isPresent()) {
            return missing.get().answer(mapper, id);
        }
        if (response.error() != null) {
            return error(id, params, response.error()).answer(mapper, id);
        }
        if (!Era2026Protocol.FORWARDED_METHODS.contains(method)) { // an extension's method
            return result(id, shaping.completeExtension(method, result));
        }
        return result(id, shaping.complete(method, result));
    }

    /**
     * The answer listing {@code page}: its tools' cached JSON, each task-supporting tool with its
     * {@code execution.taskSupport}, referred to rather than copied, and this era's fields after them.
     */
    private Era2026Answer toolList(JsonNode id, ToolListPage page) {
        ObjectNode rest = mapper.createObjectNode();
        page.nextCursor().ifPresent(cursor -> rest.put("nextCursor", cursor));
        byte[] fields = written(shaping.complete("tools/list", rest)); // {"nextCursor":…,"resultType":…}
        JsonBytes.Builder out = JsonBytes.builder().ascii("{\"jsonrpc\":\"2.0\",\"id\":");
        byte[] writtenId = written(id);
        out.write(writtenId, 0, writtenId.length);
        out.ascii(",\"result\":");
        page.writeTools(out, true);
        out.write(',');
        out.write(fields, 1, fields.length - 1); // their object's own brace closes the result
        out.write('}');
        return Era2026Answer.of(200, out.build());
    }

    private byte[] written(JsonNode node) {
        try {
            return utf8.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    /** The SDK's error in this era's shape: not found is 404, an unknown resource {@code -32602} with its URI. */
    private Rejection error(JsonNode id, ObjectNode params, JSONRPCResponse.JSONRPCError error) {
        int code = error.code() == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : error.code();
        String message = error.message() == null ? "Error" : error.message();
        if (code == McpSchema.ErrorCodes.METHOD_NOT_FOUND) {
            return new Rejection(404, code, message, null);
        }
        if (code == McpSchema.ErrorCodes.RESOURCE_NOT_FOUND) {
            ObjectNode data = mapper.createObjectNode();
            data.set("uri", params.path("uri").isTextual() ? params.get("uri") : mapper.nullNode());
            return new Rejection(200, McpSchema.ErrorCodes.INVALID_PARAMS, "Resource not found", data);
        }
        JsonNode data = error.data() == null ? null : sdkMapper.convertValue(error.data(), JsonNode.class);
        return new Rejection(200, code, message, data);
    }

    /**
     * The answer carrying {@code result}, written once, straight into the chunks the transport writes out: a large
     * result is not copied into a {@code String} and again into bytes.
     */
    private Era2026Answer result(JsonNode id, ObjectNode result) {
        ObjectNode response = mapper.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        JsonBytes.Builder out = JsonBytes.builder();
        try {
            utf8.writeValue(out, response);
        } catch (IOException e) {
            throw new UncheckedIOException("An answer could not be written as JSON", e);
        }
        return Era2026Answer.of(200, out.build());
    }
}
