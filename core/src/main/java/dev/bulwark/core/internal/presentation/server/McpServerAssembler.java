package dev.bulwark.core.internal.presentation.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Extension;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.config.ToolListSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.presentation.era2026.Era2026Server;
import dev.bulwark.core.internal.presentation.era2026.InputRounds;
import dev.bulwark.core.internal.presentation.listing.ListedTools;
import dev.bulwark.core.internal.presentation.pipeline.HandlerThread;
import dev.bulwark.core.internal.presentation.pipeline.ResultSizeLimit;
import dev.bulwark.core.internal.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.calls.ReportsCancellations;
import dev.bulwark.ports.calls.RunsRequestsOnItsOwnThreads;
import dev.bulwark.ports.calls.WritesInitializeAnswers;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServesSessionRequests;
import dev.bulwark.ports.tracing.TracesRequests;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Builds MCP SDK servers from Bulwark's {@link ServerFeatures} for a stdio, Streamable HTTP or stateless HTTP
 * transport, declaring the server (info, capabilities, specifications); {@link FeatureHandlers} serves each request.
 * Thread-safe; each {@code serve} call builds a new server.
 */
public final class McpServerAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(McpServerAssembler.class);

    /** How long a tool waits for the client to answer a sampling or elicitation request unless told otherwise. */
    public static final Duration DEFAULT_CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ServerSettings server;
    private final ServerFeatures features;
    private final ToolPipeline pipeline;
    private final McpJsonMapper jsonMapper;
    private final boolean filterToolList;
    /** The most tools one {@code tools/list} page lists. */
    private final int toolListPageSize;

    private final Duration clientRequestTimeout;
    private final ResultSizeLimit resultSizeLimit;
    /** The tool calls its servers' clients may cancel; shared by the copies {@code with...} makes. */
    private final InFlightCalls inFlight;

    private final RequestTracing tracing;
    /** The tasks of session requests, or {@code null}: none. */
    private final SessionTasks sessionTasks;
    /** The extensions, Bulwark's own and the embedder's, each served in the eras it names. */
    private final List<Extension> extensions;
    /** The tools' definitions and their JSON, made at the first list built, then shared by every server's list. */
    private volatile Listing listedTools;

    /**
     * @param server the name and version the server reports
     * @param features the tools, resources and prompts to serve
     * @param pipeline the pipeline every tool call runs through
     * @param jsonMapper the SDK JSON mapper
     */
    public McpServerAssembler(
            ServerSettings server, ServerFeatures features, ToolPipeline pipeline, McpJsonMapper jsonMapper) {
        this(
                server,
                features,
                pipeline,
                jsonMapper,
                false,
                ToolListSettings.DEFAULT_PAGE_SIZE,
                DEFAULT_CLIENT_REQUEST_TIMEOUT,
                ResultSizeLimit.of(LimitSettings.DEFAULT_MAX_RESULT_BYTES, jsonMapper),
                new InFlightCalls(),
                RequestTracing.OFF,
                null,
                List.of());
    }

    private McpServerAssembler(
            ServerSettings server,
            ServerFeatures features,
            ToolPipeline pipeline,
            McpJsonMapper jsonMapper,
            boolean filterToolList,
            int toolListPageSize,
            Duration clientRequestTimeout,
            ResultSizeLimit resultSizeLimit,
            InFlightCalls inFlight,
            RequestTracing tracing,
            SessionTasks sessionTasks,
            List<Extension> extensions) {
        this.server = Objects.requireNonNull(server, "server");
        this.features = Objects.requireNonNull(features, "features");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.filterToolList = filterToolList;
        this.toolListPageSize = toolListPageSize;
        this.clientRequestTimeout = Objects.requireNonNull(clientRequestTimeout, "clientRequestTimeout");
        this.resultSizeLimit = Objects.requireNonNull(resultSizeLimit, "resultSizeLimit");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.sessionTasks = sessionTasks;
        this.extensions = List.copyOf(extensions);
    }

    /**
     * A copy whose session servers serve the tasks of the session era through {@code tasks} ({@link SessionTasks}),
     * when a tool supports tasks.
     */
    public McpServerAssembler withSessionTasks(SessionTasks tasks) {
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filterToolList,
                toolListPageSize,
                clientRequestTimeout,
                resultSizeLimit,
                inFlight,
                tracing,
                Objects.requireNonNull(tasks, "tasks"),
                extensions);
    }

    /**
     * A copy whose servers serve {@code extensions}, each in the eras it is served in ({@link ExtensionCalls}):
     * declared in their capabilities, their methods and resource reads run through the pipeline.
     */
    public McpServerAssembler withExtensions(List<Extension> extensions) {
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filterToolList,
                toolListPageSize,
                clientRequestTimeout,
                resultSizeLimit,
                inFlight,
                tracing,
                sessionTasks,
                extensions);
    }

    /**
     * A copy whose servers filter {@code tools/list} by scope ({@link ToolListPages}) when {@code filter} is true,
     * and list every tool when it is false (the default of a new assembler). Filtering only hides tools; calls are
     * authorized by the pipeline either way.
     */
    public McpServerAssembler withToolListFilter(boolean filter) {
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filter,
                toolListPageSize,
                clientRequestTimeout,
                resultSizeLimit,
                inFlight,
                tracing,
                sessionTasks,
                extensions);
    }

    /**
     * A copy whose servers list at most {@code pageSize} tools per {@code tools/list} page and hand out a
     * {@code nextCursor} to the rest ({@link ToolListPages}); a new assembler pages at
     * {@link ToolListSettings#DEFAULT_PAGE_SIZE}.
     */
    public McpServerAssembler withToolListPageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("the tool list page size must be positive, was " + pageSize);
        }
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filterToolList,
                pageSize,
                clientRequestTimeout,
                resultSizeLimit,
                inFlight,
                tracing,
                sessionTasks,
                extensions);
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
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filterToolList,
                toolListPageSize,
                timeout,
                resultSizeLimit,
                inFlight,
                tracing,
                sessionTasks,
                extensions);
    }

    /**
     * A copy whose servers refuse a resource or prompt larger than {@code limit} with an error saying so (the
     * default of a new assembler is {@link LimitSettings#DEFAULT_MAX_RESULT_BYTES}). Tool results are limited by
     * the pipeline's {@code HandlerInvoker}.
     */
    public McpServerAssembler withResultSizeLimit(ResultSizeLimit limit) {
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filterToolList,
                toolListPageSize,
                clientRequestTimeout,
                Objects.requireNonNull(limit, "limit"),
                inFlight,
                tracing,
                sessionTasks,
                extensions);
    }

    /**
     * A copy whose servers record a server span per feature request ({@link RequestTracing}) through
     * {@code openTelemetry}, continuing the client's trace; a new assembler records nothing (the no-op).
     */
    public McpServerAssembler withOpenTelemetry(OpenTelemetry openTelemetry) {
        return new McpServerAssembler(
                server,
                features,
                pipeline,
                jsonMapper,
                filterToolList,
                toolListPageSize,
                clientRequestTimeout,
                resultSizeLimit,
                inFlight,
                new RequestTracing(openTelemetry),
                sessionTasks,
                extensions);
    }

    /**
     * A server over a single-session transport such as stdio, whose requests run as {@code caller} unless the
     * transport names another in its context. Its requests are handled on the thread the transport hands them over
     * on when the transport {@link RunsRequestsOnItsOwnThreads runs them on its own threads} (Bulwark's stdio
     * transport does), and otherwise on Reactor's elastic pool.
     * There an isolated tool's handler runs too, and the transport is told when one holds its thread past the call's
     * deadline ({@link RunsRequestsOnItsOwnThreads#requestThreadHeld}); otherwise it runs on the tool executor.
     * {@code tools/list} is answered by {@link ToolListPages}, filtered for the transport's caller or else
     * {@code caller} when the filter is on.
     */
    public McpSyncServer serve(McpServerTransportProvider transport, Principal caller) {
        Objects.requireNonNull(caller, "caller");
        reportToThisServer(transport);
        RunsRequestsOnItsOwnThreads ownThreads = transport instanceof RunsRequestsOnItsOwnThreads own ? own : null;
        boolean immediate = ownThreads != null;
        HandlerThread handlerThread =
                immediate ? HandlerThread.requestThread(ownThreads::requestThreadHeld) : HandlerThread.TOOL_EXECUTOR;
        FeatureHandlers handlers = handlers(caller);
        CatalogueSpecs<McpServerFeatures.AsyncToolSpecification> tools =
                sessionTools(handlers, handlerThread, immediate);
        routeSessionRequests(transport, caller, tools, handlers, handlerThread);
        Served served = Served.now(features);
        McpSyncServer server = configure(McpServer.sync(transport), handlers, served)
                .immediateExecution(immediate)
                .build();
        return follow(server, immediate, handlers, served, tools);
    }

    /**
     * A server over a Streamable HTTP transport with sessions; a request whose transport context names no caller
     * ({@link dev.bulwark.ports.origin.RequestOrigin#caller}) is refused. Requests are handled on the
     * transport's request thread (the SDK's {@code immediateExecution}): offloading to Reactor's pool would only add
     * a thread hop. So is an isolated tool's handler, once its call is armed: the call is answered at its deadline by
     * the deadline timer, through the transport, even while the handler keeps that thread
     * ({@code ResilienceInterceptor}). The transport must therefore write an
     * answer from whichever thread completes it. Not for transports whose request threads must never block. Its
     * sessions' tool lists and tasks are served as a single session's are ({@link #routeSessionRequests}).
     */
    public McpSyncServer serve(McpStreamableServerTransportProvider transport) {
        reportToThisServer(transport);
        FeatureHandlers handlers = handlers(null);
        CatalogueSpecs<McpServerFeatures.AsyncToolSpecification> tools =
                sessionTools(handlers, HandlerThread.requestThread(), true);
        routeSessionRequests(transport, null, tools, handlers, HandlerThread.requestThread());
        Served served = Served.now(features);
        McpSyncServer server = configure(McpServer.sync(transport), handlers, served)
                .immediateExecution(true)
                .build();
        return follow(server, true, handlers, served, tools);
    }

    /**
     * Has {@code transport} route to the core the session requests it answers itself ({@link SessionRouting}): the
     * tool list's pages ({@link ToolListPages}), the calls of {@code tools} ({@link SessionToolCalls}) and, when a
     * tool supports tasks, the session era's task requests ({@link SessionTasks}), whose {@code tasks} capability the
     * transport then shows in its {@code initialize} answers ({@link WritesInitializeAnswers}). A transport that
     * implements neither port is served by the SDK's session alone: its tool list unpaged and unfiltered, and no task.
     *
     * @param caller the caller of requests the transport names none for, or {@code null}
     */
    private void routeSessionRequests(
            Object transport,
            Principal caller,
            CatalogueSpecs<McpServerFeatures.AsyncToolSpecification> tools,
            FeatureHandlers handlers,
            HandlerThread handlerThread) {
        boolean tasks = sessionTasks != null && sessionTasks.offered();
        ExtensionCalls extensionCalls = extensionCalls(handlers, handlerThread, ProtocolEra.SESSIONS_2025_11_25);
        if (!(transport instanceof ServesSessionRequests serves)) {
            LOG.warn(
                    "The transport {} does not route session requests to Bulwark: the SDK lists its tools, unpaged"
                            + " and unfiltered, and its sessions serve no task",
                    transport.getClass().getName());
            return;
        }
        boolean withTasks = tasks;
        if (transport instanceof WritesInitializeAnswers writes) {
            writes.showInitializeAnswersWith(answer -> {
                if (!(answer instanceof McpSchema.JSONRPCMessage message)) {
                    return answer;
                }
                McpSchema.JSONRPCMessage shown = withTasks ? sessionTasks.outbound(message) : message;
                shown = SessionToolChanges.outbound(shown, jsonMapper);
                return SessionExtensions.outbound(shown, extensionCalls.capabilities(), jsonMapper);
            });
        } else if (!extensionCalls.extensions().isEmpty()) {
            LOG.warn(
                    "The transport {} cannot show the extensions in its initialize answers: its sessions do not"
                            + " declare them",
                    transport.getClass().getName());
        }
        if (tasks && !(transport instanceof WritesInitializeAnswers)) {
            LOG.warn(
                    "The transport {} cannot show the tasks capability in its initialize answers: its sessions serve"
                            + " no task",
                    transport.getClass().getName());
            tasks = false;
        }
        serves.serveSessionRequestsWith(
                new SessionRouting(
                        toolListPages(filterToolList, caller),
                        tasks ? sessionTasks : null,
                        new SessionToolCalls(tools::get, jsonMapper),
                        extensionCalls,
                        promptListing(caller),
                        resourceListing(caller),
                        catalogueCompletions(handlers),
                        features.resourceSubscribers().orElse(null),
                        features::resourceScopes),
                caller);
    }

    /**
     * Every tool as a session server's asynchronous tool: a call is answered by whichever thread completes it, and no
     * thread waits for an isolated handler, which runs where {@code handlerThread} says: on the request thread once
     * its call is armed (the transport writes an answer from any thread), or on the tool executor. Without
     * {@code immediate} a call starts on Reactor's elastic pool, as the SDK's own sync tools would.
     */
    private CatalogueSpecs<McpServerFeatures.AsyncToolSpecification> sessionTools(
            FeatureHandlers handlers, HandlerThread handlerThread, boolean immediate) {
        return new CatalogueSpecs<>(
                features.catalogue(),
                tool -> McpServerFeatures.AsyncToolSpecification.builder()
                        .tool(McpDefinitions.tool(tool))
                        .callHandler((exchange, request) -> {
                            McpSyncServerExchange sync = new McpSyncServerExchange(exchange);
                            return onThread(
                                    immediate,
                                    handlers.callTool(tool, request, sync.transportContext(), sync, handlerThread));
                        })
                        .build());
    }

    /** The prompts, resources and templates a server was built with, taken before it is built. */
    private record Served(List<Prompt> prompts, List<Resource> resources, List<ResourceTemplate> templates) {

        static Served now(ServerFeatures features) {
            return new Served(features.prompts(), features.resources(), features.resourceTemplates());
        }
    }

    /**
     * Keeps {@code server}'s tools those of the catalogue ({@code tools}), and its prompts, resources and templates
     * those of their catalogues when they may change while it runs ({@link CatalogueSync}), from those it was built
     * with ({@code served}); the server tells its sessions of each change but the tools', which the core announces.
     * The server returned stops following the catalogues when it closes ({@link ListeningSyncServer}).
     */
    private McpSyncServer follow(
            McpSyncServer server,
            boolean immediate,
            FeatureHandlers handlers,
            Served served,
            CatalogueSpecs<McpServerFeatures.AsyncToolSpecification> tools) {
        List<AutoCloseable> following = new ArrayList<>();
        // a watched resource's update reaches the sessions the SDK's server recorded as subscribed to it
        following.add(features.resourceUpdates()
                .listen(uri -> server.getAsyncServer()
                        .notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri))
                        .subscribe(
                                null,
                                failure -> LOG.debug("An update of {} was not sent: {}", uri, failure.toString()))));
        // the core answers a plain call, but a task's call runs in the SDK's session, which must know a tool that
        // joined later; the server declares no tools.listChanged, so the SDK announces nothing of these changes
        following.add(CatalogueSync.follow(
                features.catalogue()::tools,
                features.catalogue()::listen,
                Tool::name,
                List.of(),
                tool -> server.getAsyncServer().addTool(tools.get(tool.name())).block(),
                name -> server.getAsyncServer().removeTool(name).block()));
        if (features.promptListChanges()) {
            following.add(CatalogueSync.follow(
                    features.promptCatalogue()::prompts,
                    features.promptCatalogue()::listen,
                    Prompt::name,
                    served.prompts(),
                    prompt -> server.addPrompt(sessionPrompt(prompt, handlers)),
                    server::removePrompt));
        }
        if (features.resourceListChanges()) {
            following.add(CatalogueSync.follow(
                    features.resourceCatalogue()::resources,
                    features.resourceCatalogue()::listen,
                    Resource::uri,
                    served.resources(),
                    resource -> server.addResource(sessionResource(resource, handlers)),
                    server::removeResource));
            following.add(CatalogueSync.follow(
                    features.resourceCatalogue()::templates,
                    features.resourceCatalogue()::listen,
                    ResourceTemplate::uriTemplate,
                    served.templates(),
                    template -> server.addResourceTemplate(sessionTemplate(template, handlers)),
                    server::removeResourceTemplate));
        }
        if (following.isEmpty()) {
            return server;
        }
        return new ListeningSyncServer(server, immediate, () -> closeAll(following));
    }

    private static void closeAll(List<AutoCloseable> handles) throws Exception {
        Exception first = null;
        for (AutoCloseable handle : handles) {
            try {
                handle.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static McpServerFeatures.SyncResourceSpecification sessionResource(
            Resource resource, FeatureHandlers handlers) {
        return new McpServerFeatures.SyncResourceSpecification(
                McpDefinitions.resource(resource),
                (exchange, request) -> handlers.readResource(resource, request, exchange.transportContext(), exchange));
    }

    private static McpServerFeatures.SyncResourceTemplateSpecification sessionTemplate(
            ResourceTemplate template, FeatureHandlers handlers) {
        return new McpServerFeatures.SyncResourceTemplateSpecification(
                McpDefinitions.template(template),
                (exchange, request) -> handlers.readTemplate(template, request, exchange.transportContext(), exchange));
    }

    private static McpServerFeatures.SyncPromptSpecification sessionPrompt(Prompt prompt, FeatureHandlers handlers) {
        return new McpServerFeatures.SyncPromptSpecification(
                McpDefinitions.prompt(prompt),
                (exchange, request) -> handlers.getPrompt(prompt, request, exchange.transportContext(), exchange));
    }

    /**
     * A server over a stateless HTTP transport: no sessions, so no progress or client log messages. Requests without
     * a caller are refused and are handled on the request thread, as for
     * {@link #serve(McpStreamableServerTransportProvider)}.
     */
    public McpStatelessAsyncServer serveStateless(McpStatelessServerTransport transport) {
        reportToThisServer(transport);
        McpStatelessServerTransport served = new CancellingStatelessTransport(transport, inFlight);
        ExtensionCalls extensionCalls =
                extensionCalls(handlers(null), HandlerThread.requestThread(), ProtocolEra.SESSIONS_2025_11_25);
        if (!extensionCalls.extensions().isEmpty()) {
            served = new StatelessExtensions(served, extensionCalls);
        }
        return statelessServer(served, true);
    }

    /**
     * The 2026-era layer ({@link Era2026Server}) over the process's task engine {@code tasks}, the one the session
     * era serves too: a stateless server declared as {@link #serveStateless}'s, behind the era's dispatcher, which
     * opens each request's input round with {@code rounds}. A request is handled on the thread that hands it over
     * when its transport says that thread may serve it (Jetty's request thread, the stdio transport's request
     * threads), else on Reactor's elastic pool.
     */
    public Era2026Server era2026(
            ObjectMapper mapper,
            InputRounds rounds,
            TaskEngine tasks,
            TaskSettings taskSettings,
            TaskAdmission admission,
            TaskRequestMetrics metrics) {
        return Era2026Server.create(
                mapper,
                jsonMapper,
                server,
                features,
                filterToolList,
                rounds,
                tracing,
                tasks,
                taskSettings,
                admission,
                metrics,
                extensionCalls(handlers(null), HandlerThread.TOOL_EXECUTOR, ProtocolEra.REQUESTS_2026_07_28),
                transport -> statelessServer(
                        new CancellingStatelessTransport(
                                new ParamsCheckingEra2026Transport(transport, jsonMapper), inFlight),
                        false));
    }

    /**
     * The SDK's stateless server over {@code transport}, its features as {@link StatelessSpecifications} says. It
     * stops following the catalogues when it closes ({@link FollowingStatelessTransport}).
     */
    private McpStatelessAsyncServer statelessServer(McpStatelessServerTransport transport, boolean immediate) {
        StatelessSpecifications specifications = new StatelessSpecifications(features, handlers(null), immediate);
        CatalogueSpecs<McpStatelessServerFeatures.AsyncToolSpecification> tools =
                new CatalogueSpecs<>(features.catalogue(), specifications::tool);
        FollowingStatelessTransport following = new FollowingStatelessTransport(transport);
        McpServer.StatelessAsyncSpecification spec = McpServer.async(DirectToolCalls.stateless(
                ToolListServing.stateless(
                        following,
                        toolListPages(filterToolList, null),
                        promptListing(null),
                        resourceListing(null),
                        catalogueCompletions(handlers(null))),
                tools::get));
        Served served = Served.now(features);
        List<Prompt> prompts = served.prompts();
        McpStatelessAsyncServer built = spec.serverInfo(server.name(), server.version())
                .capabilities(capabilities(false))
                .jsonMapper(jsonMapper)
                .validateToolInputs(false)
                .jsonSchemaValidator(new PipelineCheckedResults()) // results are checked by the pipeline
                .tools(tools.all())
                .resources(served.resources().stream()
                        .map(specifications::resource)
                        .toList())
                .resourceTemplates(served.templates().stream()
                        .map(specifications::template)
                        .toList())
                .prompts(specifications.prompts(prompts))
                .completions(specifications.completions())
                .build();
        if (features.promptListChanges()) {
            following.closeOnClose(CatalogueSync.follow(
                    features.promptCatalogue()::prompts,
                    features.promptCatalogue()::listen,
                    Prompt::name,
                    prompts,
                    prompt -> built.addPrompt(specifications.prompt(prompt)).block(),
                    name -> built.removePrompt(name).block()));
        }
        if (features.resourceListChanges()) {
            following.closeOnClose(CatalogueSync.follow(
                    features.resourceCatalogue()::resources,
                    features.resourceCatalogue()::listen,
                    Resource::uri,
                    served.resources(),
                    resource ->
                            built.addResource(specifications.resource(resource)).block(),
                    uri -> built.removeResource(uri).block()));
            following.closeOnClose(CatalogueSync.follow(
                    features.resourceCatalogue()::templates,
                    features.resourceCatalogue()::listen,
                    ResourceTemplate::uriTemplate,
                    served.templates(),
                    template -> built.addResourceTemplate(specifications.template(template))
                            .block(),
                    uriTemplate -> built.removeResourceTemplate(uriTemplate).block()));
        }
        return built;
    }

    /** {@code answer} subscribed to on the subscribing thread, or, without {@code immediate}, on the elastic pool. */
    static <T> Mono<T> onThread(boolean immediate, Mono<T> answer) {
        return immediate ? answer : answer.subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * How long a call may wait for the client to answer its sampling or elicitation request: as long as the longest
     * call may run ({@code defaultTimeout}, a tool's own, or the own timeout of an extension's method, a view or an
     * extension's read), so that a call's own timeout is what bounds it (the SDK's default, 10 s, cut a model's answer
     * short inside a call allowed 30 s).
     */
    public static Duration longestCallTimeout(
            Duration defaultTimeout, ServerFeatures features, List<Extension> extensions) {
        Stream<Duration> tools = features.tools().stream().flatMap(tool -> tool.timeout().stream());
        Stream<Duration> methods = extensions.stream()
                .flatMap(extension -> extension.methods().stream())
                .flatMap(method -> method.timeout().stream());
        Stream<Duration> reads = extensions.stream()
                .flatMap(extension -> Stream.concat(
                        extension.resourceTimeout().stream(), extension.resourceTimeouts().values().stream()));
        return Stream.of(tools, methods, reads)
                .flatMap(Function.identity())
                .reduce(defaultTimeout, (one, other) -> one.compareTo(other) >= 0 ? one : other);
    }

    /** The MCP definition of a tool, as listed by {@code tools/list}. */
    public static McpSchema.Tool definitionOf(Tool<?, ?> tool) {
        return McpDefinitions.tool(tool);
    }

    /**
     * What is done when the client's roots change: nothing but a count at DEBUG, since no tool reads the roots. The
     * SDK's handler when none is given logs the roots themselves (paths on the user's machine) at WARN.
     */
    private static void rootsChanged(McpSyncServerExchange exchange, List<McpSchema.Root> roots) {
        LOG.debug("The client's roots changed, now {}; no tool reads them", roots.size());
    }

    /** The extension calls of this assembler's extensions served in {@code era}, served by {@code handlers}. */
    private ExtensionCalls extensionCalls(FeatureHandlers handlers, HandlerThread handlerThread, ProtocolEra era) {
        Set<String> toolNames = features.tools().stream().map(Tool::name).collect(java.util.stream.Collectors.toSet());
        List<Extension> served =
                extensions.stream().filter(extension -> extension.servedIn(era)).toList();
        return ExtensionCalls.of(served, toolNames, handlers, handlerThread);
    }

    private FeatureHandlers handlers(Principal defaultCaller) {
        return new FeatureHandlers(
                features, pipeline, new RequestGuard(defaultCaller, resultSizeLimit), inFlight, tracing);
    }

    /**
     * Has a transport report here what only it sees: its clients' {@code notifications/cancelled}, which the SDK's
     * sessions ignore (over another transport a client cannot cancel a call), and the requests the SDK answers
     * itself, for their spans.
     */
    private void reportToThisServer(Object transport) {
        if (transport instanceof ReportsCancellations reporting) {
            reporting.reportCancellationsTo(inFlight);
        }
        if (transport instanceof TracesRequests traces) {
            traces.traceRequestsWith(tracing);
        }
    }

    /**
     * The pages {@code tools/list} is answered with, filtered by the caller's scopes when {@code filter} is true, for
     * {@code defaultCaller} when the request names no caller. The SDK's own answer is not used: it builds the whole list per request and ignores the cursor.
     */
    private ToolListPages toolListPages(boolean filter, Principal defaultCaller) {
        return new ToolListPages(
                this::listedTools,
                toolListPageSize,
                filter
                        ? new ScopeToolFilter(
                                name -> features.catalogue()
                                        .tool(name)
                                        .map(Tool::requiredScopes)
                                        .orElse(null),
                                defaultCaller)
                        : null,
                jsonMapper);
    }

    /**
     * The prompt list in pages, by caller when the lists are filtered by scope, for {@code defaultCaller}, when the
     * server serves prompts; else {@code null}: a server without prompts knows no such method.
     */
    private PromptListing promptListing(Principal defaultCaller) {
        boolean servesPrompts = !features.prompts().isEmpty() || features.promptListChanges();
        return servesPrompts
                ? new PromptListing(
                        features.promptCatalogue(), defaultCaller, filterToolList, toolListPageSize, jsonMapper)
                : null;
    }

    /**
     * The completions of the catalogues' prompts and resource templates, served by {@code handlers}, when the
     * catalogues change while the server runs; else {@code null}: only the fixed completions, the SDK's.
     */
    private CatalogueCompletions catalogueCompletions(FeatureHandlers handlers) {
        return features.catalogueCompletions() ? new CatalogueCompletions(features, handlers, jsonMapper) : null;
    }

    /**
     * The resource lists in pages, by caller when the lists are filtered by scope, for {@code defaultCaller}, when the
     * server serves resources; else {@code null}: a server without resources knows no such method.
     */
    private ResourceListing resourceListing(Principal defaultCaller) {
        boolean servesResources = !features.resources().isEmpty()
                || !features.resourceTemplates().isEmpty()
                || features.resourceListChanges();
        return servesResources
                ? new ResourceListing(
                        features.resourceCatalogue(), defaultCaller, filterToolList, toolListPageSize, jsonMapper)
                : null;
    }

    /**
     * The tools' definitions and their JSON, written once for every server this assembler makes, and again after each
     * change of the catalogue.
     */
    private ListedTools listedTools() {
        List<Tool<?, ?>> tools = features.tools();
        Listing listing = listedTools;
        if (listing == null || listing.tools() != tools) {
            synchronized (this) {
                tools = features.tools();
                listing = listedTools;
                if (listing == null || listing.tools() != tools) {
                    listing = new Listing(
                            tools,
                            ListedTools.of(
                                    tools,
                                    tools.stream().map(McpDefinitions::tool).toList(),
                                    jsonMapper));
                    listedTools = listing;
                }
            }
        }
        return listing.listed();
    }

    /** The catalogue's list of tools and their definitions written from it. */
    private record Listing(List<Tool<?, ?>> tools, ListedTools listed) {}

    /** A session server's declaration, but for its tools ({@link #follow}) and their list ({@link ToolListPages}). */
    private McpServer.SyncSpecification<?> configure(
            McpServer.SyncSpecification<?> spec, FeatureHandlers handlers, Served served) {
        return spec.serverInfo(server.name(), server.version())
                .rootsChangeHandler(McpServerAssembler::rootsChanged)
                .requestTimeout(clientRequestTimeout)
                .capabilities(capabilities(true))
                .jsonMapper(jsonMapper)
                .validateToolInputs(false)
                .jsonSchemaValidator(new PipelineCheckedResults()) // results are checked by the pipeline
                .resources(served.resources().stream()
                        .map(resource -> sessionResource(resource, handlers))
                        .toList())
                .resourceTemplates(served.templates().stream()
                        .map(template -> sessionTemplate(template, handlers))
                        .toList())
                .prompts(served.prompts().stream()
                        .map(prompt -> sessionPrompt(prompt, handlers))
                        .toList())
                .completions(features.completions().stream()
                        .map(completion -> {
                            Set<String> scopes = handlers.scopesOfCompletionTarget(completion);
                            return new McpServerFeatures.SyncCompletionSpecification(
                                    McpDefinitions.reference(completion),
                                    (exchange, request) -> handlers.complete(
                                            completion, scopes, request, exchange.transportContext(), exchange));
                        })
                        .toList());
    }

    /**
     * What the server declares. Client logging ({@code logging/setLevel}), resource subscriptions and the resource
     * list's changes (announced when an extension tells of them) need a session to send their notifications on: a
     * stateless server does not declare them.
     */
    private McpSchema.ServerCapabilities capabilities(boolean withSession) {
        var builder = McpSchema.ServerCapabilities.builder().tools(false);
        if (withSession) {
            builder.logging();
        }
        if (!features.resources().isEmpty()
                || !features.resourceTemplates().isEmpty()
                || features.resourceListChanges()
                || extensions.stream()
                        .anyMatch(extension -> extension.resourcePrefix().isPresent())) {
            builder.resources(
                    withSession && features.resourceSubscriptions(),
                    withSession
                            && (features.resourceListChanges()
                                    || extensions.stream()
                                            .anyMatch(extension ->
                                                    extension.resourceChanges().isPresent())));
        }
        if (!features.prompts().isEmpty() || features.promptListChanges()) {
            builder.prompts(withSession && features.promptListChanges());
        }
        if (!features.completions().isEmpty() || features.catalogueCompletions()) {
            builder.completions();
        }
        return builder.build();
    }
}
