package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionHandler;
import dev.bulwark.core.ExtensionMethod;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.internal.presentation.era2026.ExtensionRequests;
import dev.bulwark.core.internal.presentation.era2026.TaskMethods;
import dev.bulwark.core.internal.presentation.pipeline.HandlerThread;
import dev.bulwark.core.internal.presentation.pipeline.ResultMeta;
import dev.bulwark.ports.origin.RequestOrigin;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Serves the methods and resource reads of the embedder's extensions in both eras, each as a call of a tool the
 * client never sees, through the tool pipeline; its outcome becomes the method's result or JSON-RPC error.
 * Thread-safe.
 */
public final class ExtensionCalls implements ExtensionRequests {

    /** The error code of a refusal other than bad params: denied, rate-limited, timed out, failed. */
    static final int REFUSED = -32000;

    /**
     * One extension request's target: its extension, the method it answers (which its metrics name), the hidden tool
     * that runs it, and whether it follows up.
     */
    private record Route(Extension extension, String method, Tool<?, ?> tool, boolean followUp) {}

    private final List<Extension> extensions;
    private final Map<String, Route> byMethod;
    private final Map<String, Route> byPrefix;
    /** The routes of resources read with a timeout of their own, by URI: ahead of their prefix's route. */
    private final Map<String, Route> byUri;
    /** The hidden tools of the extensions' resource listers, in registration order. */
    private final List<Tool<?, ?>> listers;

    private final FeatureHandlers handlers;
    private final HandlerThread handlerThread;

    private ExtensionCalls(
            List<Extension> extensions,
            Map<String, Route> byMethod,
            Map<String, Route> byPrefix,
            Map<String, Route> byUri,
            List<Tool<?, ?>> listers,
            FeatureHandlers handlers,
            HandlerThread handlerThread) {
        this.extensions = extensions;
        this.byMethod = byMethod;
        this.byPrefix = byPrefix;
        this.byUri = byUri;
        this.listers = listers;
        this.handlers = handlers;
        this.handlerThread = handlerThread;
    }

    /**
     * The extension calls of {@code extensions}, served by {@code handlers}.
     *
     * @param toolNames the names of the server's tools, which no hidden tool may take
     * @throws IllegalArgumentException if two extensions share an identifier, a method or a resource prefix, or a
     *     method is a protocol method or takes the name of a tool
     */
    static ExtensionCalls of(
            List<Extension> extensions, Set<String> toolNames, FeatureHandlers handlers, HandlerThread handlerThread) {
        Map<String, Route> byMethod = new LinkedHashMap<>();
        Map<String, Route> byPrefix = new LinkedHashMap<>();
        Map<String, Route> byUri = new LinkedHashMap<>();
        List<Tool<?, ?>> listers = new java.util.ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (Extension extension : extensions) {
            if (!ids.add(extension.id())) {
                throw new IllegalArgumentException("extension '" + extension.id() + "' is registered twice");
            }
            for (ExtensionMethod method : extension.methods()) {
                if (reserved(method.name(), extension.id()) || byMethod.containsKey(method.name())) {
                    throw new IllegalArgumentException("extension method '" + method.name() + "' of '" + extension.id()
                            + "' is already served; give it a name of its own");
                }
                byMethod.put(
                        method.name(),
                        new Route(extension, method.name(), hiddenTool(method, toolNames), method.followsUp()));
            }
            Optional<String> prefix = extension.resourcePrefix();
            if (prefix.isPresent()) {
                if (byPrefix.containsKey(prefix.get())) {
                    throw new IllegalArgumentException("resource prefix '" + prefix.get() + "' of '" + extension.id()
                            + "' is another extension's");
                }
                ExtensionMethod reader = new ExtensionMethod(
                        "resources/read/" + extension.id().replace('/', '.'),
                        extension.resourceReader().orElseThrow());
                byPrefix.put(
                        prefix.get(),
                        new Route(
                                extension,
                                McpSchema.METHOD_RESOURCES_READ,
                                hiddenTool(
                                        extension
                                                .resourceTimeout()
                                                .map(reader::withTimeout)
                                                .orElse(reader),
                                        toolNames),
                                false));
                extension
                        .resourceTimeouts()
                        .forEach((uri, timeout) -> byUri.put(
                                uri,
                                new Route(
                                        extension,
                                        McpSchema.METHOD_RESOURCES_READ,
                                        hiddenTool(reader.withTimeout(timeout), toolNames),
                                        false)));
                Optional<ExtensionHandler> lister = extension.resourceLister();
                if (lister.isPresent()) {
                    listers.add(hiddenTool(
                            new ExtensionMethod(
                                    "resources/list/" + extension.id().replace('/', '.'), lister.get()),
                            toolNames));
                }
            }
        }
        return new ExtensionCalls(
                List.copyOf(extensions),
                Map.copyOf(byMethod),
                Map.copyOf(byPrefix),
                Map.copyOf(byUri),
                List.copyOf(listers),
                handlers,
                handlerThread);
    }

    /** The methods of the Tasks extension ({@link TaskMethods}), which the session era has in its base protocol. */
    private static final Set<String> TASK_METHODS =
            Set.of("tasks/get", "tasks/result", "tasks/list", "tasks/cancel", "tasks/update");

    /** Whether {@code method} is the protocol's own, which the extension {@code id} may not take. */
    private static boolean reserved(String method, String id) {
        return PROTOCOL_METHODS.contains(method) || (TASK_METHODS.contains(method) && !TaskMethods.ID.equals(id));
    }

    /** The methods of the protocol itself, which no extension may take. */
    private static final Set<String> PROTOCOL_METHODS = Set.of(
            "initialize",
            "ping",
            "server/discover",
            "subscriptions/listen",
            "tools/list",
            "tools/call",
            "resources/list",
            "resources/read",
            "resources/templates/list",
            "resources/subscribe",
            "resources/unsubscribe",
            "prompts/list",
            "prompts/get",
            "completion/complete",
            "logging/setLevel");

    /** The tool name a hidden tool of {@code method} takes: its slashes as dots. */
    static String toolName(String method) {
        return method.replace('/', '.');
    }

    @SuppressWarnings({"rawtypes", "unchecked"}) // free-form JSON objects in and out
    private static Tool<?, ?> hiddenTool(ExtensionMethod method, Set<String> toolNames) {
        String name = toolName(method.name());
        if (toolNames.contains(name)) {
            throw new IllegalArgumentException("extension method '" + method.name() + "' runs as the hidden tool '"
                    + name + "', which is a tool of this server; rename one of them");
        }
        ExtensionHandler handler = method.handler();
        Tool.Builder<Map, Map> hidden = Tool.builder(name, Map.class, Map.class)
                .description("the extension method " + method.name())
                .inputSchema(Map.of("type", "object"))
                .requiredScopes(method.requiredScopes().toArray(String[]::new))
                .readOnly(true);
        method.timeout().ifPresent(hidden::timeout);
        return hidden.handler((input, context) -> new ToolResult<Map>(
                        Objects.requireNonNull(
                                handler.handle((Map<String, Object>) input, ExtensionCallContext.of(context)),
                                "result"),
                        "the result of " + method.name()))
                .build();
    }

    /** This server's extensions. */
    List<Extension> extensions() {
        return extensions;
    }

    @Override
    public Optional<String> claims(String method, Map<String, Object> params) {
        return route(method, params).map(route -> route.extension().id());
    }

    /** Whether a session request of {@code method} with {@code params}, typed or not, is an extension's. */
    boolean claimsSessionRequest(String method, Object params) {
        return route(method, paramsOf(params)).isPresent();
    }

    private Optional<Route> route(String method, Map<String, Object> params) {
        Route byName = byMethod.get(method);
        if (byName != null) {
            return Optional.of(byName);
        }
        if (!McpSchema.METHOD_RESOURCES_READ.equals(method) || byPrefix.isEmpty() || params == null) {
            return Optional.empty();
        }
        Object uri = params.get("uri");
        if (!(uri instanceof String text)) {
            return Optional.empty();
        }
        Route own = byUri.get(text);
        if (own != null) {
            return Optional.of(own);
        }
        return byPrefix.entrySet().stream()
                .filter(entry -> text.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    @Override
    public boolean clientMustDeclare(String extension) {
        return extensions.stream().anyMatch(e -> e.id().equals(extension) && e.clientMustDeclare());
    }

    @Override
    public List<Extension> augmentingToolCalls() {
        return extensions.stream()
                .filter(extension -> extension.toolCallAugmentation().isPresent())
                .toList();
    }

    /**
     * The answer to a claimed request of the 2026 era: on the thread that hands it over when its origin says that
     * thread may serve it, its isolated handler too, else on the elastic pool and the tool executor.
     */
    @Override
    public Mono<JSONRPCResponse> handle(McpTransportContext context, JSONRPCRequest request) {
        boolean here = RequestOrigins.of(context).servedOnCallingThread();
        HandlerThread thread = handlerThread(context);
        return McpServerAssembler.onThread(here, handle(context, request, null, thread));
    }

    /**
     * The thread a 2026-era request's handler runs on: the one that hands the request over when its origin says that
     * thread may serve it, else the tool executor.
     */
    private static HandlerThread handlerThread(McpTransportContext context) {
        RequestOrigin origin = RequestOrigins.of(context);
        if (!origin.servedOnCallingThread()) {
            return HandlerThread.TOOL_EXECUTOR;
        }
        return origin.requestThreads()
                .map(own -> HandlerThread.requestThread(own::requestThreadHeld))
                .orElseGet(HandlerThread::requestThread);
    }

    @Override
    public Mono<JSONRPCResponse> augment(
            McpTransportContext context, JSONRPCRequest request, Tool<?, ?> tool, ToolCallAugmentation augmentation) {
        boolean here = RequestOrigins.of(context).servedOnCallingThread();
        HandlerThread thread = handlerThread(context);
        Map<String, Object> params =
                java.util.Collections.unmodifiableMap(Objects.requireNonNullElse(paramsOf(request.params()), Map.of()));
        Map<String, Object> arguments =
                params.get("arguments") instanceof Map<?, ?> given ? stringKeyed(given) : Map.of();
        Map<String, Object> meta = params.get("_meta") instanceof Map<?, ?> given ? stringKeyed(given) : null;
        CallToolRequest call = new CallToolRequest(tool.name(), arguments, meta);
        Tool<?, ?> standIn = standIn(tool, augmentation, params);
        return McpServerAssembler.onThread(
                here,
                Mono.defer(() -> handlers.callTool(
                                standIn, call, context, null, thread, false, McpSchema.METHOD_TOOLS_CALL))
                        .map(result -> Boolean.TRUE.equals(result.isError())
                                ? JSONRPCResponse.result(request.id(), result) // refused as the call would be
                                : answer(request.id(), result))
                        .onErrorResume(failure ->
                                Mono.just(JSONRPCResponse.error(request.id(), DirectToolCalls.errorOf(failure)))));
    }

    /**
     * The tool the pipeline runs for a call {@code augmentation} answers: {@code tool}'s name, scopes, rate limit,
     * timeout and concurrency, with the augmentation's answer as its handler, and no cache, so that no plain call is
     * answered from it.
     */
    @SuppressWarnings({"rawtypes", "unchecked"}) // free-form JSON objects in and out
    private static Tool<?, ?> standIn(Tool<?, ?> tool, ToolCallAugmentation augmentation, Map<String, Object> params) {
        Tool.Builder<Map, Map> standIn = Tool.builder(tool.name(), Map.class, Map.class)
                .description(tool.description())
                .inputSchema(Map.of("type", "object"))
                .requiredScopes(tool.requiredScopes().toArray(String[]::new))
                .readOnly(tool.readOnly())
                .execution(tool.execution());
        if (!tool.rateLimited()) {
            standIn.notRateLimited();
        } else {
            tool.rateLimit().ifPresent(standIn::rateLimit);
        }
        tool.timeout().ifPresent(standIn::timeout);
        tool.maxConcurrency().ifPresent(standIn::maxConcurrency);
        return standIn.handler((input, context) -> new ToolResult<Map>(
                        Objects.requireNonNull(
                                augmentation.answer(tool, params, ExtensionCallContext.of(context)), "answer"),
                        "the answer of an extension to " + tool.name()))
                .build();
    }

    /** The answer to a claimed request of a session, whose exchange is {@code exchange}. */
    Mono<JSONRPCResponse> handle(McpTransportContext context, JSONRPCRequest request, McpSyncServerExchange exchange) {
        return handle(context, request, exchange, handlerThread);
    }

    private Mono<JSONRPCResponse> handle(
            McpTransportContext context, JSONRPCRequest request, McpSyncServerExchange exchange, HandlerThread thread) {
        Map<String, Object> params = paramsOf(request.params());
        Route route = route(request.method(), params).orElseThrow();
        Map<String, Object> arguments = new LinkedHashMap<>(params == null ? Map.of() : params);
        Object meta = arguments.remove("_meta");
        @SuppressWarnings("unchecked") // a JSON object: string keys
        Map<String, Object> metaMap = meta instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        CallToolRequest call = new CallToolRequest(route.tool().name(), arguments, metaMap);
        return Mono.defer(() -> handlers.callTool(
                        route.tool(), call, context, exchange, thread, route.followUp(), route.method()))
                .map(result -> answer(request.id(), result))
                .onErrorResume(
                        failure -> Mono.just(JSONRPCResponse.error(request.id(), DirectToolCalls.errorOf(failure))));
    }

    /** The method's answer from its hidden tool's result: its structured content, or the refusal as an error. */
    static JSONRPCResponse answer(Object id, CallToolResult result) {
        if (!Boolean.TRUE.equals(result.isError())) {
            Map<String, Object> structured =
                    result.structuredContent() instanceof Map<?, ?> map ? stringKeyed(map) : Map.of();
            return JSONRPCResponse.result(id, structured);
        }
        Object errorType = result.meta() == null ? null : result.meta().get(ResultMeta.ERROR_TYPE);
        String message = result.content() == null
                ? null
                : result.content().stream()
                        .filter(McpSchema.TextContent.class::isInstance)
                        .map(content -> ((McpSchema.TextContent) content).text())
                        .findFirst()
                        .orElse(null);
        int code = "invalid_arguments".equals(errorType) ? McpSchema.ErrorCodes.INVALID_PARAMS : REFUSED;
        Map<String, Object> data = new LinkedHashMap<>();
        if (errorType != null) {
            data.put("errorType", errorType.toString());
        }
        Object retryAfter = result.meta() == null ? null : result.meta().get(ResultMeta.RETRY_AFTER_MS);
        if (retryAfter != null) {
            data.put("retryAfterMs", retryAfter);
        }
        return JSONRPCResponse.error(
                id,
                new JSONRPCError(
                        code,
                        Objects.requireNonNullElse(message, "The request could not be served"),
                        data.isEmpty() ? null : data));
    }

    @Override
    public Map<String, Map<String, Object>> capabilities() {
        Map<String, Map<String, Object>> declared = new LinkedHashMap<>();
        extensions.forEach(extension -> declared.put(extension.id(), extension.settings()));
        return declared;
    }

    @Override
    public boolean servesResources() {
        return !byPrefix.isEmpty();
    }

    @Override
    public boolean announcesResourceChanges() {
        return extensions.stream()
                .anyMatch(extension -> extension.resourceChanges().isPresent());
    }

    @Override
    public AutoCloseable listenResourceChanges(Runnable changed) {
        return ResourceChangeListening.listen(extensions, changed);
    }

    /** Whether an extension adds resources to {@code resources/list}. */
    boolean listsResources() {
        return !listers.isEmpty();
    }

    @Override
    public Mono<JSONRPCResponse> withListedResources(McpTransportContext context, JSONRPCResponse listed) {
        return withListedResources(context, listed, null);
    }

    /** As {@link #withListedResources(McpTransportContext, JSONRPCResponse)}, for a session's {@code exchange}. */
    Mono<JSONRPCResponse> withListedResources(
            McpTransportContext context, JSONRPCResponse listed, McpSyncServerExchange exchange) {
        if (listers.isEmpty() || listed.error() != null || listed.result() == null) {
            return Mono.just(listed);
        }
        McpSchema.ListResourcesResult page =
                listed.result() instanceof McpSchema.ListResourcesResult typed ? typed : null;
        if (page == null || page.nextCursor() != null) {
            return Mono.just(listed); // the extensions' resources come after the last page
        }
        return reactor.core.publisher.Flux.fromIterable(listers)
                .concatMap(lister -> handlers.callTool(
                                lister,
                                new CallToolRequest(lister.name(), Map.of(), null),
                                context,
                                exchange,
                                HandlerThread.TOOL_EXECUTOR,
                                false,
                                McpSchema.METHOD_RESOURCES_LIST)
                        .map(result -> listedBy(lister, result))
                        .onErrorResume(failure -> Mono.just(List.of())))
                .collectList()
                .map(lists -> {
                    List<McpSchema.Resource> resources = new java.util.ArrayList<>(page.resources());
                    lists.forEach(resources::addAll);
                    return JSONRPCResponse.result(
                            listed.id(), new McpSchema.ListResourcesResult(resources, null, page.meta()));
                });
    }

    /** The resources a lister's result names; none when it failed (the pipeline logged and audited why). */
    private static List<McpSchema.Resource> listedBy(Tool<?, ?> lister, CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())
                || !(result.structuredContent() instanceof Map<?, ?> map)
                || !(map.get("resources") instanceof List<?> listed)) {
            return List.of();
        }
        List<McpSchema.Resource> resources = new java.util.ArrayList<>();
        for (Object item : listed) {
            if (item instanceof Map<?, ?> resource && resource.get("uri") instanceof String uri) {
                Object name = resource.get("name");
                resources.add(McpSchema.Resource.builder()
                        .uri(uri)
                        .name(name instanceof String text ? text : uri)
                        .description(resource.get("description") instanceof String text ? text : null)
                        .mimeType(resource.get("mimeType") instanceof String text ? text : null)
                        .meta(resource.get("_meta") instanceof Map<?, ?> meta ? stringKeyed(meta) : null)
                        .build());
            }
        }
        return resources;
    }

    /** The params of a request as a map: the SDK's typed {@code resources/read} params, or the JSON object read. */
    static Map<String, Object> paramsOf(Object params) {
        if (params instanceof ReadResourceRequest read) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("uri", read.uri());
            if (read.meta() != null) {
                map.put("_meta", read.meta());
            }
            return map;
        }
        return params instanceof Map<?, ?> map ? stringKeyed(map) : null;
    }

    @SuppressWarnings("unchecked") // a JSON object: string keys
    private static Map<String, Object> stringKeyed(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
