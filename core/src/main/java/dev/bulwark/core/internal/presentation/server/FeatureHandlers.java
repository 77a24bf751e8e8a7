package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.CallContext;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.presentation.pipeline.CallCancellation;
import dev.bulwark.core.internal.presentation.pipeline.CallOutcomes;
import dev.bulwark.core.internal.presentation.pipeline.DeferredHandler;
import dev.bulwark.core.internal.presentation.pipeline.HandlerThread;
import dev.bulwark.core.internal.presentation.pipeline.McpContents;
import dev.bulwark.core.internal.presentation.pipeline.ResultSizeLimit;
import dev.bulwark.core.internal.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Serves each kind of MCP feature request over sessions and stateless HTTP: tool calls through the
 * {@link ToolPipeline}; resource reads, prompts and completions through the {@link RequestGuard}; each in one server
 * span. A running tool call is kept in the {@link InFlightCalls} for its client to cancel. The exchange is
 * {@code null} over stateless HTTP. Thread-safe.
 */
final class FeatureHandlers {

    private final ServerFeatures features;
    private final ToolPipeline pipeline;
    private final RequestGuard guard;
    private final InFlightCalls inFlight;
    private final RequestTracing tracing;

    FeatureHandlers(
            ServerFeatures features,
            ToolPipeline pipeline,
            RequestGuard guard,
            InFlightCalls inFlight,
            RequestTracing tracing) {
        this.features = Objects.requireNonNull(features, "features");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    // ---- tools

    /** The tools served, in their declared order. */
    List<Tool<?, ?>> tools() {
        return features.tools();
    }

    /** The caller of requests whose transport names none, or {@code null} where they are refused. */
    Principal defaultCaller() {
        return guard.defaultCaller();
    }

    /**
     * A tool call as the SDK's asynchronous tool handler answers it: on subscription the call runs through the
     * pipeline on the subscribing thread, and the {@code Mono} completes with its outcome, on the thread that completes
     * it (this one for a {@code CALLER_THREAD} tool; the handler's, or the deadline's for an isolated one). An
     * isolated handler runs where {@code handlerThread} says: on the tool executor, or next on this same thread, held
     * for it ({@link DeferredHandler}), for callers whose answer any thread may write.
     */
    Mono<CallToolResult> callTool(
            Tool<?, ?> tool,
            CallToolRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange,
            HandlerThread handlerThread) {
        return callTool(tool, request, transportContext, exchange, handlerThread, false, ToolInvocation.TOOLS_CALL);
    }

    /**
     * As {@link #callTool(Tool, CallToolRequest, McpTransportContext, McpSyncServerExchange, HandlerThread)}, for a
     * call answering {@code method} (its metrics name it); a {@code followUp} of an earlier call is neither audited
     * nor rate limited and has no deadline of its own.
     */
    Mono<CallToolResult> callTool(
            Tool<?, ?> tool,
            CallToolRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange,
            HandlerThread handlerThread,
            boolean followUp,
            String method) {
        return Mono.create(sink -> {
            DeferredHandler deferred = handlerThread.newDeferredHandler();
            CompletableFuture<CallToolResult> outcome = tracing.tracedAsync(
                    RequestTracing.Target.toolCall(tool.name()),
                    request.meta(),
                    transportContext,
                    exchange,
                    () -> runTool(tool, request, transportContext, exchange, deferred, followUp, method));
            outcome.whenComplete((result, failure) -> {
                if (failure == null) {
                    sink.success(result);
                } else {
                    sink.error(CallOutcomes.causeOf(failure));
                }
            });
            if (deferred != null) {
                deferred.runHere();
            }
        });
    }

    /** The protocol era of a request, as its origin names it. */
    static ProtocolEra eraOf(McpTransportContext transportContext) {
        return RequestOrigins.of(transportContext).era();
    }

    private CompletableFuture<CallToolResult> runTool(
            Tool<?, ?> tool,
            CallToolRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange,
            DeferredHandler deferred,
            boolean followUp,
            String method) {
        RequestOrigin origin = RequestOrigins.of(transportContext);
        Optional<CompletionStage<Void>> cancelled = origin.cancellation();
        if (cancelled.isPresent()) {
            CompletionStage<Void> gone = cancelled.get();
            // A 2026-era request: cancelled through its own request only, never looked up by caller and id.
            CallCancellation cancellation = CallCancellation.create();
            CallContext context = guard.contextOf(
                    transportContext, request.meta(), tool.name(), exchange, request.progressToken(), cancellation);
            gone.thenRun(cancellation::cancel);
            return pipeline.executeAsync(new ToolInvocation(
                            tool, request.arguments(), context, null, cancellation, eraOf(transportContext), deferred)
                    .withRateLimitCharged(origin.chargedEarlier())
                    .asFollowUp(followUp)
                    .answering(method));
        }
        Object rpcId = RpcIdInMeta.of(request.meta(), transportContext);
        if (rpcId == null) { // read by a mapper other than Bulwark's: no cancellation can name the call
            CallContext context =
                    guard.contextOf(transportContext, request.meta(), tool.name(), exchange, request.progressToken());
            return pipeline.executeAsync(new ToolInvocation(
                            tool,
                            request.arguments(),
                            context,
                            null,
                            CallCancellation.NEVER,
                            eraOf(transportContext),
                            deferred)
                    .asFollowUp(followUp)
                    .answering(method));
        }
        CallCancellation cancellation = CallCancellation.create();
        CallContext context = guard.contextOf(
                transportContext, request.meta(), tool.name(), exchange, request.progressToken(), cancellation);
        Runnable untrack = inFlight.track(
                exchange == null ? null : exchange.sessionId(), context.principal(), rpcId, cancellation);
        CompletableFuture<CallToolResult> outcome;
        try {
            outcome = pipeline.executeAsync(new ToolInvocation(
                            tool, request.arguments(), context, null, cancellation, eraOf(transportContext), deferred)
                    .asFollowUp(followUp)
                    .answering(method));
        } catch (RuntimeException | Error failure) {
            untrack.run();
            throw failure;
        }
        return outcome.whenComplete((result, failure) -> untrack.run());
    }

    // ---- resources

    McpSchema.ReadResourceResult readResource(
            Resource resource,
            McpSchema.ReadResourceRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        return read(
                resource.uri(),
                resource.uri(),
                resource.requiredScopes(),
                request,
                transportContext,
                exchange,
                context -> contents(
                        resource.uri(),
                        resource.mimeType(),
                        RequestGuard.guarded(
                                context,
                                "resource " + resource.uri(),
                                () -> resource.reader().read(context)),
                        resource.binary(),
                        context));
    }

    /**
     * Reads a resource in one server span: the caller's context (named after {@code declared}, the resource's URI or
     * URI template), the resource's scopes checked for {@code uri}, then {@code reading}.
     */
    private McpSchema.ReadResourceResult read(
            String uri,
            String declared,
            Set<String> requiredScopes,
            McpSchema.ReadResourceRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange,
            Function<CallContext, McpSchema.ReadResourceResult> reading) {
        return tracing.traced(
                RequestTracing.Target.resourceRead(uri), request.meta(), transportContext, exchange, () -> {
                    CallContext context = guard.contextOf(transportContext, request.meta(), declared, exchange, null);
                    RequestGuard.requireScopes("resource", uri, requiredScopes, context);
                    return reading.apply(context);
                });
    }

    /** What a resource read answers: its text (or base64 blob), refused when over the result size limit. */
    private McpSchema.ReadResourceResult contents(
            String uri, String mimeType, String text, boolean binary, CallContext context) {
        McpSchema.ResourceContents contents = binary
                ? McpSchema.BlobResourceContents.builder(uri, text)
                        .mimeType(mimeType)
                        .build()
                : McpSchema.TextResourceContents.builder(uri, text)
                        .mimeType(mimeType)
                        .build();
        return guard.sendable(
                "resource",
                uri,
                new McpSchema.ReadResourceResult(List.of(contents), null),
                ResultSizeLimit.boundOf(text.length() + uri.length() + mimeType.length(), 1),
                context);
    }

    // ---- resource templates

    McpSchema.ReadResourceResult readTemplate(
            ResourceTemplate template,
            McpSchema.ReadResourceRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        String uri = request.uri();
        return read(
                uri,
                template.uriTemplate(),
                template.requiredScopes(),
                request,
                transportContext,
                exchange,
                context -> {
                    Map<String, String> variables =
                            new DefaultMcpUriTemplateManager(template.uriTemplate()).extractVariableValues(uri);
                    String text = RequestGuard.guarded(
                            context,
                            "resource " + template.uriTemplate(),
                            () -> template.reader().read(uri, variables, context));
                    return contents(uri, template.mimeType(), text, false, context);
                });
    }

    // ---- prompts

    McpSchema.GetPromptResult getPrompt(
            Prompt prompt,
            McpSchema.GetPromptRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        return tracing.traced(
                RequestTracing.Target.promptGet(prompt.name()),
                request.meta(),
                transportContext,
                exchange,
                () -> renderPrompt(prompt, request, transportContext, exchange));
    }

    private McpSchema.GetPromptResult renderPrompt(
            Prompt prompt,
            McpSchema.GetPromptRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        CallContext context = guard.contextOf(transportContext, request.meta(), prompt.name(), exchange, null);
        RequestGuard.requireScopes("prompt", prompt.name(), prompt.requiredScopes(), context);
        Map<String, String> arguments = new LinkedHashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((k, v) -> arguments.put(k, v == null ? null : String.valueOf(v)));
        }
        List<String> missing = prompt.arguments().stream()
                .filter(a -> a.required()
                        && (arguments.get(a.name()) == null
                                || arguments.get(a.name()).isBlank()))
                .map(Prompt.Argument::name)
                .toList();
        if (!missing.isEmpty()) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("Prompt '" + prompt.name() + "' is missing required argument(s) " + missing)
                    .build();
        }
        List<Prompt.Message> messages =
                RequestGuard.guarded(context, "prompt " + prompt.name(), () -> prompt.messages(arguments, context));
        long chars = prompt.description().length();
        int items = 1;
        for (Prompt.Message message : messages) {
            chars += McpContents.charactersOf(message.content());
            items += 2; // the message and its content
        }
        return guard.sendable(
                "prompt",
                prompt.name(),
                new McpSchema.GetPromptResult(
                        prompt.description(),
                        messages.stream()
                                .map(message -> new McpSchema.PromptMessage(
                                        message.role() == Prompt.Role.USER
                                                ? McpSchema.Role.USER
                                                : McpSchema.Role.ASSISTANT,
                                        McpContents.toMcp(message.content())))
                                .toList(),
                        null),
                ResultSizeLimit.boundOf(chars, items),
                context);
    }

    // ---- completions

    /** Completes one argument; {@code requiredScopes} are those of the prompt or template it completes. */
    McpSchema.CompleteResult complete(
            Completion completion,
            Set<String> requiredScopes,
            McpSchema.CompleteRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        return tracing.traced(
                RequestTracing.Target.completion(),
                request.meta(),
                transportContext,
                exchange,
                () -> completeArgument(completion, requiredScopes, request, transportContext, exchange));
    }

    private McpSchema.CompleteResult completeArgument(
            Completion completion,
            Set<String> requiredScopes,
            McpSchema.CompleteRequest request,
            McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        CallContext context = guard.contextOf(transportContext, request.meta(), completion.name(), exchange, null);
        RequestGuard.requireScopes(
                completion.target() == Completion.Target.PROMPT ? "prompt" : "resource template",
                completion.name(),
                requiredScopes,
                context);
        Map<String, String> filledIn = new LinkedHashMap<>();
        if (request.context() != null && request.context().arguments() != null) {
            request.context().arguments().forEach((k, v) -> {
                if (k != null && v != null) {
                    filledIn.put(k, v);
                }
            });
        }
        Completion.Request asked = new Completion.Request(
                request.argument().name(), request.argument().value(), filledIn);
        List<String> values = RequestGuard.guarded(
                context,
                "completion for " + completion.name(),
                () -> completion.completer().complete(asked, context));
        List<String> shown = values.size() > Completion.MAX_VALUES ? values.subList(0, Completion.MAX_VALUES) : values;
        return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(
                List.copyOf(shown), values.size(), values.size() > shown.size()));
    }

    /** The scopes of the prompt or resource template a completion serves; none if it serves neither. */
    Set<String> scopesOfCompletionTarget(Completion completion) {
        if (completion.target() == Completion.Target.PROMPT) {
            return features.prompts().stream()
                    .filter(p -> p.name().equals(completion.name()))
                    .findFirst()
                    .map(Prompt::requiredScopes)
                    .orElse(Set.of());
        }
        return features.resourceTemplates().stream()
                .filter(t -> t.uriTemplate().equals(completion.name()))
                .findFirst()
                .map(ResourceTemplate::requiredScopes)
                .orElse(Set.of());
    }
}
