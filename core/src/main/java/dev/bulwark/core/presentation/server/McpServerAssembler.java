package dev.bulwark.core.presentation.server;

import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.error.AccessDeniedException;
import dev.bulwark.core.error.BulwarkException;
import dev.bulwark.core.error.ResultTooLargeException;
import dev.bulwark.core.presentation.pipeline.ErrorMappingInterceptor;
import dev.bulwark.core.presentation.pipeline.McpContents;
import dev.bulwark.core.presentation.pipeline.ResultSizeLimit;
import dev.bulwark.core.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.presentation.tool.CallContext;
import dev.bulwark.core.presentation.tool.Completion;
import dev.bulwark.core.presentation.tool.Prompt;
import dev.bulwark.core.presentation.tool.Resource;
import dev.bulwark.core.presentation.tool.ResourceTemplate;
import dev.bulwark.core.presentation.tool.ServerFeatures;
import dev.bulwark.core.presentation.tool.Tool;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.security.TransportContextKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds MCP SDK servers (the sync API) from Bulwark's {@link ServerFeatures}, for whichever transport it is handed:
 * a single-session provider (stdio), a Streamable HTTP provider, or a stateless HTTP transport. Every tool call is
 * routed through the {@link ToolPipeline}; resource reads (fixed and templated), prompt requests and argument
 * completions get a request id in the MDC and safe error messages. The SDK's own input validation is switched off
 * because the pipeline validates with field-level messages. With {@link #withToolListFilter(boolean)} on,
 * {@code tools/list} shows each caller only the tools its scopes let it call ({@link ScopeToolFilter}). Thread-safe;
 * each {@code serve} call builds a new server.
 */
public final class McpServerAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(McpServerAssembler.class);

    private final ServerSettings server;
    private final ServerFeatures features;
    private final ToolPipeline pipeline;
    private final McpJsonMapper jsonMapper;
    private final Principal defaultPrincipal;
    private final boolean filterToolList;
    private final Duration clientRequestTimeout;
    private final ResultSizeLimit resultSizeLimit;

    /** How long a tool waits for the client to answer a sampling or elicitation request unless told otherwise. */
    public static final Duration DEFAULT_CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param server the name and version the server reports
     * @param features the tools, resources and prompts to serve
     * @param pipeline the pipeline every tool call runs through
     * @param jsonMapper the SDK JSON mapper
     * @param defaultPrincipal the caller when the transport names none (stdio: the local operator); see
     *     {@link #requiringTransportCaller} for transports that must always name one
     */
    public McpServerAssembler(
            ServerSettings server, ServerFeatures features, ToolPipeline pipeline, McpJsonMapper jsonMapper,
            Principal defaultPrincipal) {
        this(server, features, pipeline, jsonMapper, Objects.requireNonNull(defaultPrincipal, "defaultPrincipal"),
                false, DEFAULT_CLIENT_REQUEST_TIMEOUT,
                ResultSizeLimit.of(LimitSettings.DEFAULT_MAX_RESULT_BYTES, jsonMapper));
    }

    private McpServerAssembler(
            ServerSettings server, ServerFeatures features, ToolPipeline pipeline, McpJsonMapper jsonMapper,
            Principal defaultPrincipal, boolean filterToolList, Duration clientRequestTimeout,
            ResultSizeLimit resultSizeLimit) {
        this.server = Objects.requireNonNull(server, "server");
        this.features = Objects.requireNonNull(features, "features");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.defaultPrincipal = defaultPrincipal;
        this.filterToolList = filterToolList;
        this.clientRequestTimeout = Objects.requireNonNull(clientRequestTimeout, "clientRequestTimeout");
        this.resultSizeLimit = Objects.requireNonNull(resultSizeLimit, "resultSizeLimit");
    }

    /**
     * An assembler for transports that name the caller of every request (HTTP): a request whose transport context
     * holds no {@link TransportContextKeys#PRINCIPAL} is refused instead of running as some default caller.
     */
    public static McpServerAssembler requiringTransportCaller(
            ServerSettings server, ServerFeatures features, ToolPipeline pipeline, McpJsonMapper jsonMapper) {
        return new McpServerAssembler(server, features, pipeline, jsonMapper, null, false,
                DEFAULT_CLIENT_REQUEST_TIMEOUT, ResultSizeLimit.of(LimitSettings.DEFAULT_MAX_RESULT_BYTES, jsonMapper));
    }

    /**
     * A copy whose servers filter {@code tools/list} by scope ({@link ScopeToolFilter}) when {@code filter} is true,
     * and list every tool when it is false (the default of a new assembler). Filtering only hides tools; calls are
     * authorized by the pipeline either way.
     */
    public McpServerAssembler withToolListFilter(boolean filter) {
        return new McpServerAssembler(server, features, pipeline, jsonMapper, defaultPrincipal, filter,
                clientRequestTimeout, resultSizeLimit);
    }

    /**
     * A copy whose session servers wait up to {@code timeout} for the client to answer a request a tool sends it
     * (sampling, elicitation, roots). The SDK's own default is 10 seconds, shorter than a model takes to sample a
     * long answer; give at least the longest tool timeout, which bounds the call anyway.
     */
    public McpServerAssembler withClientRequestTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the client request timeout must be positive, was " + timeout);
        }
        return new McpServerAssembler(server, features, pipeline, jsonMapper, defaultPrincipal, filterToolList,
                timeout, resultSizeLimit);
    }

    /**
     * A copy whose servers refuse a resource or prompt larger than {@code limit} with an error saying so (the
     * default of a new assembler is {@link LimitSettings#DEFAULT_MAX_RESULT_BYTES}). Tool results are limited by
     * the pipeline's {@link dev.bulwark.core.presentation.pipeline.HandlerInvoker}.
     */
    public McpServerAssembler withResultSizeLimit(ResultSizeLimit limit) {
        return new McpServerAssembler(server, features, pipeline, jsonMapper, defaultPrincipal, filterToolList,
                clientRequestTimeout, Objects.requireNonNull(limit, "limit"));
    }

    /**
     * A server over a single-session transport such as stdio. Its requests are handled on Reactor's elastic pool,
     * and so is a {@code tools/list} filter, once per tool; Reactor's {@code filterWhen} (3.7 and 3.8) can then drop
     * tools from the list when one tool's check completes while the list is still being fed to it (it publishes the
     * result before releasing the check, and takes the next tool for filtered out when it cannot start its check).
     * The tool list filter is therefore left out where it could hide nothing: when the default caller may call every
     * tool, as the stdio operator with scope {@code *} (the default) may. A transport that names other callers in
     * its context then sees every tool listed; calls are still authorized per caller.
     */
    public McpSyncServer serve(McpServerTransportProvider transport) {
        return configure(McpServer.sync(transport), filterToolList && !defaultCallerMayCallEveryTool()).build();
    }

    /**
     * A server over a Streamable HTTP transport with sessions. Requests are handled on the transport's request
     * thread (the SDK's {@code immediateExecution}): the SDK's servlet transports block that thread until the answer
     * is written anyway, so offloading to Reactor's pool would only add a thread hop. Tool handlers still run on the
     * tool executor, bounded by the pipeline. Not for transports whose request threads must never block.
     */
    public McpSyncServer serve(McpStreamableServerTransportProvider transport) {
        return configure(McpServer.sync(transport), filterToolList).immediateExecution(true).build();
    }

    /**
     * A server over a stateless HTTP transport: no sessions, so no progress or client log messages. Requests are
     * handled on the request thread, as for {@link #serve(McpStreamableServerTransportProvider)}.
     */
    public McpStatelessSyncServer serveStateless(McpStatelessServerTransport transport) {
        McpServer.StatelessSyncSpecification spec = McpServer.sync(transport);
        if (filterToolList) {
            spec.addToolFilter(new ScopeToolFilter(features.tools(), defaultPrincipal));
        }
        return spec
                .immediateExecution(true)
                .serverInfo(server.name(), server.version())
                .capabilities(capabilities(false))
                .jsonMapper(jsonMapper)
                .validateToolInputs(false)
                .jsonSchemaValidator(new PipelineCheckedResults()) // results are checked by the pipeline
                .tools(features.tools().stream().map(this::statelessToolSpec).toList())
                .resources(features.resources().stream().map(this::statelessResourceSpec).toList())
                .resourceTemplates(features.resourceTemplates().stream().map(this::statelessTemplateSpec).toList())
                .prompts(features.prompts().stream().map(this::statelessPromptSpec).toList())
                .completions(features.completions().stream().map(this::statelessCompletionSpec).toList())
                .build();
    }

    /**
     * What is done when the client's roots change: nothing but a count at DEBUG, since no tool reads the roots. The
     * SDK's handler when none is given logs the roots themselves (paths on the user's machine) at WARN.
     */
    private static void rootsChanged(McpSyncServerExchange exchange, List<McpSchema.Root> roots) {
        LOG.debug("The client's roots changed, now {}; no tool reads them", roots.size());
    }

    private boolean defaultCallerMayCallEveryTool() {
        return defaultPrincipal != null
                && features.tools().stream().allMatch(tool -> defaultPrincipal.hasAllScopes(tool.requiredScopes()));
    }

    private McpServer.SyncSpecification<?> configure(McpServer.SyncSpecification<?> spec, boolean withListFilter) {
        if (withListFilter) {
            spec.addToolFilter(new ScopeToolFilter(features.tools(), defaultPrincipal));
        }
        return spec.serverInfo(server.name(), server.version())
                .rootsChangeHandler(McpServerAssembler::rootsChanged)
                .requestTimeout(clientRequestTimeout)
                .capabilities(capabilities(true))
                .jsonMapper(jsonMapper)
                .validateToolInputs(false)
                .jsonSchemaValidator(new PipelineCheckedResults()) // results are checked by the pipeline
                .tools(features.tools().stream().map(this::toolSpec).toList())
                .resources(features.resources().stream().map(this::resourceSpec).toList())
                .resourceTemplates(features.resourceTemplates().stream().map(this::templateSpec).toList())
                .prompts(features.prompts().stream().map(this::promptSpec).toList())
                .completions(features.completions().stream().map(this::completionSpec).toList());
    }

    /**
     * What the server declares. Client logging ({@code logging/setLevel}) and resource subscriptions need a session
     * to send their notifications on: a stateless server answers both methods "not found", so it does not declare
     * them.
     */
    private McpSchema.ServerCapabilities capabilities(boolean withSession) {
        var builder = McpSchema.ServerCapabilities.builder().tools(false);
        if (withSession) {
            builder.logging();
        }
        if (!features.resources().isEmpty() || !features.resourceTemplates().isEmpty()) {
            builder.resources(withSession && features.resourceSubscriptions(), false);
        }
        if (!features.prompts().isEmpty()) {
            builder.prompts(false);
        }
        if (!features.completions().isEmpty()) {
            builder.completions();
        }
        return builder.build();
    }

    // ---- tools

    /** The MCP definition of a tool, as listed by {@code tools/list}. */
    public static McpSchema.Tool definitionOf(Tool<?, ?> tool) {
        var builder = McpSchema.Tool.builder(tool.name(), tool.inputSchema())
                .description(tool.description())
                .annotations(McpSchema.ToolAnnotations.builder()
                        .readOnlyHint(tool.readOnly())
                        .title(tool.title().orElse(null))
                        .build());
        tool.title().ifPresent(builder::title);
        tool.outputSchema().ifPresent(builder::outputSchema);
        return builder.build();
    }

    private McpServerFeatures.SyncToolSpecification toolSpec(Tool<?, ?> tool) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(definitionOf(tool))
                .callHandler((exchange, request) -> callTool(tool, request, exchange.transportContext(), exchange))
                .build();
    }

    private McpStatelessServerFeatures.SyncToolSpecification statelessToolSpec(Tool<?, ?> tool) {
        return new McpStatelessServerFeatures.SyncToolSpecification(
                definitionOf(tool), (context, request) -> callTool(tool, request, context, null));
    }

    private CallToolResult callTool(
            Tool<?, ?> tool, CallToolRequest request, McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        CallContext context = contextOf(transportContext, request.meta(), tool.name(), exchange,
                request.progressToken());
        return pipeline.execute(new ToolInvocation(tool, request.arguments(), context));
    }

    // ---- resources

    private McpSchema.Resource resourceDefinition(Resource resource) {
        return McpSchema.Resource.builder(resource.uri(), resource.name())
                .description(resource.description())
                .mimeType(resource.mimeType())
                .build();
    }

    private McpServerFeatures.SyncResourceSpecification resourceSpec(Resource resource) {
        return new McpServerFeatures.SyncResourceSpecification(resourceDefinition(resource),
                (exchange, request) -> readResource(resource, request, exchange.transportContext(), exchange));
    }

    private McpStatelessServerFeatures.SyncResourceSpecification statelessResourceSpec(Resource resource) {
        return new McpStatelessServerFeatures.SyncResourceSpecification(resourceDefinition(resource),
                (context, request) -> readResource(resource, request, context, null));
    }

    private McpSchema.ReadResourceResult readResource(
            Resource resource, McpSchema.ReadResourceRequest request, McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        CallContext context = contextOf(transportContext, request.meta(), resource.uri(), exchange, null);
        requireScopes("resource", resource.uri(), resource.requiredScopes(), context);
        String text = guarded(context, "resource " + resource.uri(), () -> resource.reader().read(context));
        McpSchema.ResourceContents contents = resource.binary()
                ? McpSchema.BlobResourceContents.builder(resource.uri(), text).mimeType(resource.mimeType()).build()
                : McpSchema.TextResourceContents.builder(resource.uri(), text).mimeType(resource.mimeType()).build();
        return sendable("resource", resource.uri(), new McpSchema.ReadResourceResult(List.of(contents), null),
                ResultSizeLimit.boundOf(text.length() + resource.uri().length() + resource.mimeType().length(), 1),
                context);
    }

    // ---- resource templates

    private static McpSchema.ResourceTemplate templateDefinition(ResourceTemplate template) {
        return McpSchema.ResourceTemplate.builder(template.uriTemplate(), template.name())
                .description(template.description())
                .mimeType(template.mimeType())
                .build();
    }

    private McpServerFeatures.SyncResourceTemplateSpecification templateSpec(ResourceTemplate template) {
        return new McpServerFeatures.SyncResourceTemplateSpecification(templateDefinition(template),
                (exchange, request) -> readTemplate(template, request, exchange.transportContext(), exchange));
    }

    private McpStatelessServerFeatures.SyncResourceTemplateSpecification statelessTemplateSpec(
            ResourceTemplate template) {
        return new McpStatelessServerFeatures.SyncResourceTemplateSpecification(templateDefinition(template),
                (context, request) -> readTemplate(template, request, context, null));
    }

    private McpSchema.ReadResourceResult readTemplate(
            ResourceTemplate template, McpSchema.ReadResourceRequest request, McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        String uri = request.uri();
        CallContext context = contextOf(transportContext, request.meta(), template.uriTemplate(), exchange, null);
        requireScopes("resource", uri, template.requiredScopes(), context);
        Map<String, String> variables = new DefaultMcpUriTemplateManager(template.uriTemplate())
                .extractVariableValues(uri);
        String text = guarded(context, "resource " + template.uriTemplate(),
                () -> template.reader().read(uri, variables, context));
        return sendable("resource", uri, new McpSchema.ReadResourceResult(List.of(
                McpSchema.TextResourceContents.builder(uri, text).mimeType(template.mimeType()).build()), null),
                ResultSizeLimit.boundOf(text.length() + uri.length() + template.mimeType().length(), 1), context);
    }

    // ---- prompts

    private McpSchema.Prompt promptDefinition(Prompt prompt) {
        return McpSchema.Prompt.builder(prompt.name())
                .description(prompt.description())
                .arguments(prompt.arguments().stream()
                        .map(a -> McpSchema.PromptArgument.builder(a.name())
                                .description(a.description())
                                .required(a.required())
                                .build())
                        .toList())
                .build();
    }

    private McpServerFeatures.SyncPromptSpecification promptSpec(Prompt prompt) {
        return new McpServerFeatures.SyncPromptSpecification(promptDefinition(prompt),
                (exchange, request) -> getPrompt(prompt, request, exchange.transportContext(), exchange));
    }

    private McpStatelessServerFeatures.SyncPromptSpecification statelessPromptSpec(Prompt prompt) {
        return new McpStatelessServerFeatures.SyncPromptSpecification(promptDefinition(prompt),
                (context, request) -> getPrompt(prompt, request, context, null));
    }

    private McpSchema.GetPromptResult getPrompt(
            Prompt prompt, McpSchema.GetPromptRequest request, McpTransportContext transportContext,
            McpSyncServerExchange exchange) {
        CallContext context = contextOf(transportContext, request.meta(), prompt.name(), exchange, null);
        requireScopes("prompt", prompt.name(), prompt.requiredScopes(), context);
        Map<String, String> arguments = new LinkedHashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((k, v) -> arguments.put(k, v == null ? null : String.valueOf(v)));
        }
        List<String> missing = prompt.arguments().stream()
                .filter(a -> a.required() && (arguments.get(a.name()) == null || arguments.get(a.name()).isBlank()))
                .map(Prompt.Argument::name)
                .toList();
        if (!missing.isEmpty()) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("Prompt '" + prompt.name() + "' is missing required argument(s) " + missing)
                    .build();
        }
        List<Prompt.Message> messages = guarded(context, "prompt " + prompt.name(),
                () -> prompt.messages(arguments, context));
        long chars = prompt.description().length();
        int items = 1;
        for (Prompt.Message message : messages) {
            chars += McpContents.charactersOf(message.content());
            items += 2; // the message and its content
        }
        return sendable("prompt", prompt.name(), new McpSchema.GetPromptResult(prompt.description(), messages.stream()
                .map(message -> new McpSchema.PromptMessage(
                        message.role() == Prompt.Role.USER ? McpSchema.Role.USER : McpSchema.Role.ASSISTANT,
                        McpContents.toMcp(message.content())))
                .toList(), null), ResultSizeLimit.boundOf(chars, items), context);
    }

    /**
     * {@code result}, if it is within the result size limit; otherwise an MCP error saying how large it was (the
     * server's fault, not the caller's, so "internal error"), and a warning in the log.
     */
    private <T> T sendable(String kind, String name, T result, long sizeBound, CallContext context) {
        try {
            resultSizeLimit.check(kind, name, result, sizeBound);
            return result;
        } catch (ResultTooLargeException tooLarge) {
            LOG.warn("The {} '{}' is {} bytes, over limits.max-result-size ({} bytes): not sent (request id {})",
                    kind, name, tooLarge.bytes(), tooLarge.limit(), context.requestId());
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(tooLarge.getMessage()).build();
        }
    }

    // ---- completions

    private static McpSchema.CompleteReference referenceOf(Completion completion) {
        return completion.target() == Completion.Target.PROMPT
                ? new McpSchema.PromptReference(completion.name())
                : new McpSchema.ResourceReference(completion.name());
    }

    private McpServerFeatures.SyncCompletionSpecification completionSpec(Completion completion) {
        Set<String> scopes = scopesOfCompletionTarget(completion);
        return new McpServerFeatures.SyncCompletionSpecification(referenceOf(completion),
                (exchange, request) -> complete(completion, scopes, request, exchange.transportContext(), exchange));
    }

    private McpStatelessServerFeatures.SyncCompletionSpecification statelessCompletionSpec(Completion completion) {
        Set<String> scopes = scopesOfCompletionTarget(completion);
        return new McpStatelessServerFeatures.SyncCompletionSpecification(referenceOf(completion),
                (context, request) -> complete(completion, scopes, request, context, null));
    }

    /** Completes one argument; {@code requiredScopes} are those of the prompt or template it completes. */
    private McpSchema.CompleteResult complete(
            Completion completion, Set<String> requiredScopes, McpSchema.CompleteRequest request,
            McpTransportContext transportContext, McpSyncServerExchange exchange) {
        CallContext context = contextOf(transportContext, request.meta(), completion.name(), exchange, null);
        requireScopes(completion.target() == Completion.Target.PROMPT ? "prompt" : "resource template",
                completion.name(), requiredScopes, context);
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
        List<String> values = guarded(context, "completion for " + completion.name(),
                () -> completion.completer().complete(asked, context));
        List<String> shown = values.size() > Completion.MAX_VALUES ? values.subList(0, Completion.MAX_VALUES) : values;
        return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(
                List.copyOf(shown), values.size(), values.size() > shown.size()));
    }

    /** The scopes of the prompt or resource template a completion serves; none if it serves neither. */
    private Set<String> scopesOfCompletionTarget(Completion completion) {
        if (completion.target() == Completion.Target.PROMPT) {
            return features.prompts().stream().filter(p -> p.name().equals(completion.name()))
                    .findFirst().map(Prompt::requiredScopes).orElse(Set.of());
        }
        return features.resourceTemplates().stream().filter(t -> t.uriTemplate().equals(completion.name()))
                .findFirst().map(ResourceTemplate::requiredScopes).orElse(Set.of());
    }

    // ---- shared

    /**
     * Refuses a caller that lacks one of {@code required} before anything is read or rendered, with a JSON-RPC
     * "invalid params" error naming the scopes it lacks, as a reader refusing with a {@code BulwarkException} would.
     */
    private static void requireScopes(String kind, String name, Set<String> required, CallContext context) {
        if (required.isEmpty() || context.principal().hasAllScopes(required)) {
            return;
        }
        Set<String> missing = context.principal().missingScopes(required);
        LOG.debug("Refused the {} '{}' to a caller without scope(s) {}", kind, name, missing);
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message(new AccessDeniedException(kind, name, missing).getMessage())
                .build();
    }

    /**
     * The context of one request: its caller, its request id (from the request's {@code _meta}, else the
     * transport's header), what it is for, and the session exchange (none over stateless HTTP).
     */
    private CallContext contextOf(McpTransportContext transportContext, Map<String, Object> meta, String name,
            McpSyncServerExchange exchange, Object progressToken) {
        return new McpCallContext(principalOf(transportContext),
                RequestIds.choose(meta, valueOf(transportContext, TransportContextKeys.REQUEST_ID)),
                name, exchange, progressToken);
    }

    /**
     * The caller the transport put into its context; else the default caller, if this assembler has one. Without
     * either the request is refused: a transport that names no caller never silently gets the local operator.
     */
    private Principal principalOf(McpTransportContext context) {
        return callerOf(context, defaultPrincipal).orElseThrow(() -> McpError
                .builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                .message("The transport named no caller for this request, so it was refused")
                .build());
    }

    /** The caller the transport put into {@code context}, else {@code defaultPrincipal} (may be null), else none. */
    static Optional<Principal> callerOf(McpTransportContext context, Principal defaultPrincipal) {
        if (valueOf(context, TransportContextKeys.PRINCIPAL) instanceof Principal principal) {
            return Optional.of(principal);
        }
        return Optional.ofNullable(defaultPrincipal);
    }

    private static Object valueOf(McpTransportContext context, String key) {
        return context == null ? null : context.get(key);
    }

    /**
     * Runs a resource, prompt or completion handler with the request id in the MDC, mapping failures to safe MCP
     * errors.
     */
    private static <T> T guarded(CallContext context, String what, Callable<T> work) {
        var previous = MDC.getCopyOfContextMap();
        MDC.put("request_id", context.requestId());
        try {
            T value = work.call();
            if (value == null) {
                throw new IllegalStateException(what + " produced nothing");
            }
            return value;
        } catch (BulwarkException known) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(known.getMessage() != null
                    ? known.getMessage()
                    : "Serving " + what + " failed without saying why (request id " + context.requestId() + ")")
                    .build();
        } catch (Exception | Error e) { // an Error's message reaches the client if it travels on: answered here too
            LOG.error("Serving {} failed", what, e);
            if (ErrorMappingInterceptor.isFatal(e)) {
                throw (Error) e;
            }
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message("Internal error serving " + what + "; logged with request id " + context.requestId())
                    .build();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }
}
