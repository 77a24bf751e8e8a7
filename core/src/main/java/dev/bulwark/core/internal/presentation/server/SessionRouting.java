package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.core.ResourceWatch;
import dev.bulwark.core.internal.presentation.listing.ToolListPage;
import dev.bulwark.core.internal.presentation.tool.ResourceSubscribers;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.ports.sessions.SessionRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The session requests the core answers before the SDK's session, for one session server: the lists
 * ({@link ToolListPages}, {@link PromptListing}, {@link ResourceListing}), the catalogues' completions
 * ({@link CatalogueCompletions}), tasks ({@link SessionTasks}) and tool
 * calls ({@link SessionToolCalls}). Thread-safe.
 */
final class SessionRouting implements SessionRequests {

    private final ToolListPages pages;
    /** The session era's tasks, or {@code null}: none served. */
    private final SessionTasks tasks;

    private final SessionToolCalls calls;

    private final ExtensionCalls extensions;
    /** The prompt list by caller, or {@code null}: the SDK's list. */
    private final PromptListing prompts;
    /** The resource lists by caller, or {@code null}: the SDK's lists. */
    private final ResourceListing resources;
    /** The catalogues' completions, or {@code null}: only the SDK's fixed ones. */
    private final CatalogueCompletions completions;
    /** The subscribers of the resources a pack's watch follows, or {@code null}: the SDK's subscriptions alone. */
    private final ResourceSubscribers subscribers;
    /** The scopes the resource at a URI requires; none for a URI no resource has. */
    private final Function<String, Set<String>> resourceScopes;
    /** The sessions whose end already takes them from {@link #subscribers}. */
    private final Set<String> followedSessions = ConcurrentHashMap.newKeySet();

    SessionRouting(
            ToolListPages pages,
            SessionTasks tasks,
            SessionToolCalls calls,
            ExtensionCalls extensions,
            PromptListing prompts,
            ResourceListing resources,
            CatalogueCompletions completions,
            ResourceSubscribers subscribers,
            Function<String, Set<String>> resourceScopes) {
        this.subscribers = subscribers;
        this.resourceScopes = resourceScopes;
        this.pages = pages;
        this.tasks = tasks;
        this.calls = calls;
        this.extensions = extensions;
        this.prompts = prompts;
        this.resources = resources;
        this.completions = completions;
    }

    @Override
    public boolean claims(String method, Object params) {
        return McpSchema.METHOD_TOOLS_LIST.equals(method)
                || (prompts != null && PromptListing.answers(method))
                || (resources != null && ResourceListing.answers(method))
                || (completions != null && completions.claims(method, params))
                || claimsAsTask(method, params)
                || calls.claims(method, params)
                || extensions.claimsSessionRequest(method, params)
                || (McpSchema.METHOD_RESOURCES_LIST.equals(method) && extensions.listsResources())
                || claimsSubscription(method, params);
    }

    /**
     * A subscribe of a URI the pack's watch follows, and every unsubscribe (its resource may have left the lists
     * since); the other subscribes are the SDK's alone.
     */
    private boolean claimsSubscription(String method, Object params) {
        if (subscribers == null) {
            return false;
        }
        if (McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(method)) {
            return uriOf(params) instanceof String;
        }
        return McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(method)
                && uriOf(params) instanceof String uri
                && subscribers.watches(uri);
    }

    private static Object uriOf(Object params) {
        if (params instanceof McpSchema.SubscribeRequest subscribe) {
            return subscribe.uri();
        }
        if (params instanceof McpSchema.UnsubscribeRequest unsubscribe) {
            return unsubscribe.uri();
        }
        return params instanceof Map<?, ?> map ? map.get("uri") : null;
    }

    /**
     * A subscription to a watched resource: the caller needs the resource's scopes; the first subscriber starts the
     * watch, and the session's end or last unsubscribe stops it. The SDK's session records it too, so that its
     * {@code notifyResourcesUpdated} reaches exactly the subscribed sessions.
     */
    private void serveSubscription(
            JSONRPCRequest rpc, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        try {
            String uri = (String) uriOf(rpc.params());
            String sessionId = ((McpAsyncServerExchange) session.exchange(origin)).sessionId();
            if (McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(rpc.method())) {
                SessionAnswers.complete(Mono.fromFuture(() -> session.run(rpc, origin)), answer);
                subscribers.unsubscribe(uri, sessionId);
                return;
            }
            Set<String> required = resourceScopes.apply(uri);
            Set<String> missing = origin.caller()
                    .<Set<String>>map(caller -> caller.missingScopes(required))
                    .orElse(required);
            if (!required.isEmpty() && !missing.isEmpty()) {
                answer.complete(refusal(rpc, new AccessDeniedException("resource", uri, missing).getMessage()));
                return;
            }
            try {
                subscribers.subscribe(uri, sessionId);
            } catch (ResourceWatch.RefusedException refused) {
                answer.complete(refusal(rpc, refused.getMessage()));
                return;
            }
            if (followedSessions.add(sessionId)) {
                session.whenEnded(() -> {
                    followedSessions.remove(sessionId);
                    subscribers.unsubscribeAll(sessionId);
                });
            }
            SessionAnswers.complete(Mono.fromFuture(() -> session.run(rpc, origin)), answer);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    private static McpSchema.JSONRPCResponse refusal(JSONRPCRequest rpc, String message) {
        return McpSchema.JSONRPCResponse.error(
                rpc.id(),
                new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, message, null));
    }

    private boolean claimsAsTask(String method, Object params) {
        return tasks != null && tasks.claims(method, params);
    }

    @Override
    public void serve(Object request, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        JSONRPCRequest rpc = (JSONRPCRequest) request;
        if (claimsAsTask(rpc.method(), rpc.params())) {
            tasks.serve(rpc, origin, session, answer);
        } else if (claimsSubscription(rpc.method(), rpc.params())) {
            serveSubscription(rpc, origin, session, answer);
        } else if (McpSchema.METHOD_TOOLS_LIST.equals(rpc.method())) {
            listTools(rpc, origin, session, answer);
        } else if (prompts != null && PromptListing.answers(rpc.method())) {
            answer.complete(prompts.answer(rpc, McpTransportContext.create(origin.asContext()))
                    .orElseThrow());
        } else if (completions != null && completions.claims(rpc.method(), rpc.params())) {
            SessionAnswers.complete(completions.answer(rpc, McpTransportContext.create(origin.asContext())), answer);
        } else if (calls.claims(rpc.method(), rpc.params())) {
            calls.serve(rpc, origin, session, answer);
        } else if (McpSchema.METHOD_RESOURCES_LIST.equals(rpc.method())) {
            listResources(rpc, origin, session, answer);
        } else if (resources != null && ResourceListing.answers(rpc.method())) {
            answer.complete(resources
                    .answer(rpc, McpTransportContext.create(origin.asContext()))
                    .orElseThrow());
        } else {
            serveExtension(rpc, origin, session, answer);
        }
    }

    /**
     * Answers a request of an extension: a method is refused with {@code -32021} when the extension wants its client
     * to declare it and the session's client did not, under {@code capabilities.experimental} (the only place this era's
     * client capabilities have for it); otherwise through the pipeline, on the session's exchange.
     */
    private void serveExtension(
            JSONRPCRequest rpc, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        try {
            McpSyncServerExchange exchange =
                    new McpSyncServerExchange((McpAsyncServerExchange) session.exchange(origin));
            String extension = extensions
                    .claims(rpc.method(), ExtensionCalls.paramsOf(rpc.params()))
                    .orElseThrow();
            if (!McpSchema.METHOD_RESOURCES_READ.equals(rpc.method()) // a read is the base protocol's
                    && extensions.clientMustDeclare(extension)
                    && !declared(exchange, extension)) {
                answer.complete(McpSchema.JSONRPCResponse.error(
                        rpc.id(),
                        new McpSchema.JSONRPCResponse.JSONRPCError(
                                MISSING_REQUIRED_CLIENT_CAPABILITY,
                                "Missing required client capability: the extension " + extension,
                                Map.of("requiredCapabilities", Map.of("extensions", Map.of(extension, Map.of()))))));
                return;
            }
            SessionAnswers.complete(
                    extensions.handle(McpTransportContext.create(origin.asContext()), rpc, exchange), answer);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    /** The session's own resource list, with the extensions' resources after its last page. */
    private void listResources(
            JSONRPCRequest rpc, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        try {
            McpSyncServerExchange exchange =
                    new McpSyncServerExchange((McpAsyncServerExchange) session.exchange(origin));
            McpTransportContext context = McpTransportContext.create(origin.asContext());
            SessionAnswers.complete(
                    ownResources(rpc, context, origin, session)
                            .flatMap(listed -> listed instanceof McpSchema.JSONRPCResponse response
                                    ? extensions.withListedResources(context, response, exchange)
                                    : Mono.just(listed)),
                    answer);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }

    /** The session's own resources: by caller when the lists are filtered, else the SDK's list. */
    private Mono<Object> ownResources(
            JSONRPCRequest rpc, McpTransportContext context, RequestOrigin origin, ServedSession session) {
        if (resources != null) {
            return Mono.just(resources.answer(rpc, context).orElseThrow());
        }
        return Mono.fromFuture(() -> session.run(rpc, origin));
    }

    /** The error code of a request that needs a capability the client did not declare. */
    static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

    private static boolean declared(McpSyncServerExchange exchange, String extension) {
        McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
        return capabilities != null
                && capabilities.experimental() != null
                && capabilities.experimental().containsKey(extension);
    }

    private void listTools(
            JSONRPCRequest rpc, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        try {
            Optional<McpSchema.JSONRPCResponse> page =
                    pages.answer(rpc, McpTransportContext.create(origin.asContext()));
            if (page.isEmpty()) {
                SessionAnswers.complete(Mono.fromFuture(() -> session.run(rpc, origin)), answer);
                return;
            }
            // with tasks, each task-supporting tool shows its execution.taskSupport, which the SDK's Tool cannot hold
            McpSchema.JSONRPCResponse listed = page.get();
            if (tasks != null && listed.result() instanceof ToolListPage withTasks) {
                listed = new McpSchema.JSONRPCResponse(listed.jsonrpc(), listed.id(), withTasks.withExecution(), null);
            }
            answer.complete(listed);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }
}
