package dev.bulwark.mcpclient;

import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.time.Ticker;
import dev.bulwark.ports.upstream.CallerFailedException;
import dev.bulwark.ports.upstream.UpstreamCallException;
import dev.bulwark.ports.upstream.UpstreamCaller;
import dev.bulwark.ports.upstream.UpstreamFailure;
import dev.bulwark.ports.upstream.UpstreamPrompt;
import dev.bulwark.ports.upstream.UpstreamPromptResult;
import dev.bulwark.ports.upstream.UpstreamResource;
import dev.bulwark.ports.upstream.UpstreamResourceContents;
import dev.bulwark.ports.upstream.UpstreamResult;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream MCP server: a supervisor thread keeps it connected (starting a stdio child, restarting it with backoff
 * when it dies, pinging it for health), and calls go to it within its timeout, concurrency limit, breaker and result
 * cap. Thread-safe.
 */
final class UpstreamConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);
    /** The first wait before connecting again, or opening again a 2026 listen stream that ended; it doubles. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    /** The longest wait the backoff grows to. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private static final long ENVELOPE_BYTES = 64 * 1024;
    /** MCP's code, in the older era, for a resource the server does not have. */
    private static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP's code for a request that needs the user to visit a URL (URL-mode elicitation) first. */
    private static final int URL_ELICITATION_REQUIRED = -32042;
    /** The most characters of an upstream's error message passed on to its caller. */
    static final int MAX_UPSTREAM_MESSAGE = 300;

    private static final TypeRef<Map<String, Object>> JSON_OBJECT = new TypeRef<>() {};

    private final UpstreamSettings settings;
    private final McpJsonMapper mapper;
    private final Duration pingInterval;
    private final Ticker ticker;
    private final UpstreamMetrics metrics;
    private final Consumer<String> toolsChanged;
    private final Consumer<String> promptsChanged;
    private final Consumer<String> resourcesChanged;
    private final UpstreamTraceContext traceContext;
    private final UpstreamClients clients;
    private final Semaphore permits;
    private final CircuitBreaker<Object> breaker;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong restarts = new AtomicLong();
    private final Thread supervisor;

    private volatile Session session;
    /** The last session made, so that closing can wait for its child to end. */
    private volatile Session lastSession;
    /** The client of the newest session, which notes each listed tool's task support. */
    private volatile UpstreamClient listing;
    /** The era of the newest session, as its setting spells it; empty before the first. */
    private volatile String era = "";

    private volatile List<UpstreamTool> tools = List.of();
    private volatile List<UpstreamPrompt> prompts = List.of();
    /** The resources, then the templates; replaced whole, under {@code this} so a late list never wins. */
    private volatile List<UpstreamResource> resources = List.of();

    private volatile ComponentHealth health = ComponentHealth.down("not connected yet");
    /** The upstream's own URIs whose updates are followed, asked again at each connection. */
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    /** Whether the newest session's upstream declared {@code resources.subscribe}. */
    private volatile boolean subscribes;
    /** Told each followed URI the upstream updated. */
    private volatile Consumer<String> resourceUpdated = uri -> {};

    /** One connection: its client, its transport, and how to know it died. */
    private record Session(UpstreamClient client, CompletableFuture<Void> ended) {}

    UpstreamConnection(
            UpstreamSettings settings,
            Map<String, String> bulwarkEnvironment,
            McpJsonMapper mapper,
            Duration pingInterval,
            Ticker ticker,
            UpstreamMetrics metrics,
            Consumer<String> toolsChanged,
            Consumer<String> promptsChanged,
            Consumer<String> resourcesChanged,
            UpstreamTraceContext traceContext) {
        this.settings = settings;
        this.mapper = mapper;
        this.pingInterval = pingInterval;
        this.ticker = ticker;
        this.metrics = metrics;
        this.toolsChanged = toolsChanged;
        this.promptsChanged = promptsChanged;
        this.resourcesChanged = resourcesChanged;
        this.traceContext = traceContext;
        this.clients = new UpstreamClients(
                settings,
                bulwarkEnvironment,
                mapper,
                settings.maxResultBytes() + ENVELOPE_BYTES,
                new UpstreamClients.Changes(
                        this::publish, this::publishPrompts, this::publishResources, this::failInFlightAsTooLarge));
        this.permits = new Semaphore(settings.maxConcurrency());
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(settings.breakerFailures())
                .withSuccessThreshold(1)
                .withDelay(settings.breakerOpen())
                .onOpen(event -> LOG.warn(
                        "Circuit breaker of upstream {} opened after {} failure(s) in a row: calls fail fast for {} ms",
                        settings.name(),
                        settings.breakerFailures(),
                        settings.breakerOpen().toMillis()))
                .onClose(event -> LOG.info("Circuit breaker of upstream {} closed", settings.name()))
                .build();
        this.supervisor = new Thread(this::supervise, "upstream-" + settings.name() + "-supervisor");
        this.supervisor.setDaemon(true);
        metrics.register(this);
    }

    /** Starts connecting in the background. */
    void start() {
        supervisor.start();
    }

    String name() {
        return settings.name();
    }

    List<UpstreamTool> tools() {
        return tools;
    }

    List<UpstreamPrompt> prompts() {
        return prompts;
    }

    List<UpstreamResource> resources() {
        return resources;
    }

    ComponentHealth health() {
        return health;
    }

    boolean connected() {
        Session current = session;
        return current != null && !current.ended().isDone();
    }

    long restarts() {
        return restarts.get();
    }

    /** The era the upstream was last connected in (a {@link ProtocolEra}'s version); empty before. */
    String era() {
        return era;
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    int inUse() {
        return settings.maxConcurrency() - permits.availablePermits();
    }

    /**
     * Waits until the first connection attempt has ended, up or failed, or {@code timeout} passes; true when it is up.
     */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        firstAttempt.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return connected();
    }

    /**
     * Keeps the upstream connected until it is closed: connection attempts retried with backoff (0.5 s, doubling, at
     * most 30 s), and a connection that ends made again after the first backoff.
     */
    private void supervise() {
        RetryPolicy<Session> reconnect = RetryPolicy.<Session>builder()
                .handle(RuntimeException.class)
                .withBackoff(FIRST_BACKOFF, MAX_BACKOFF)
                .withMaxRetries(-1)
                .abortIf((result, failure) -> closing.getCount() == 0)
                .onFailedAttempt(event -> {
                    health = ComponentHealth.down("cannot connect");
                    firstAttempt.countDown();
                    LOG.warn(
                            "Upstream {} could not be connected: {}",
                            settings.name(),
                            event.getLastException() instanceof EraRefusedException
                                            || event.getLastException() instanceof UpstreamCallException
                                    ? event.getLastException().getMessage()
                                    : Safe.describe(event.getLastException()));
                })
                .onRetry(event -> restarts.incrementAndGet())
                .build();
        while (closing.getCount() > 0) {
            Session current;
            try {
                current = Failsafe.with(reconnect).get(this::connect);
            } catch (RuntimeException e) {
                // aborted: the upstream is closing
                return;
            }
            firstAttempt.countDown();
            try {
                watch(current);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                disconnect(current);
            }
            if (closing.getCount() == 0) {
                return;
            }
            restarts.incrementAndGet();
            try {
                if (closing.await(FIRST_BACKOFF.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Session connect() {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        UpstreamClient client = clients.make(ended);
        listing = client;
        Session current = new Session(client, ended);
        try {
            UpstreamClient.Opened opened = answer(client.open(), ended);
            List<McpSchema.Tool> listed = listTools(client, ended);
            publish(listed);
            publishPrompts(listPrompts(client, opened));
            if (opened.resources()) {
                publishResources(listResources(client), answer(UpstreamClients.templates(client), ended));
            } else {
                publishResources(List.of(), List.of());
            }
            era = client.era();
            subscribes = opened.subscribes();
            LOG.info(
                    "Upstream {} connected ({} {}, protocol {}, era {}): {} tools",
                    settings.name(),
                    opened.serverName(),
                    opened.serverVersion(),
                    opened.protocolVersion(),
                    client.era(),
                    listed.size());
        } catch (RuntimeException e) {
            disconnect(current);
            throw e;
        }
        session = current;
        lastSession = current;
        health = upHealth();
        if (subscribes && !followed.isEmpty()) {
            client.follow(Set.copyOf(followed), this::updated); // what is still wanted, again
        }
        client.listen(kind -> listChanged(current, kind));
        return current;
    }

    /** The wait before the next try after {@code failures} tries in a row failed: the connection's own backoff. */
    static Duration backoff(int failures) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(Math.max(failures, 0), 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** Routes updates of followed resources to {@code listener}, with the upstream's own URI. */
    void onResourceUpdated(Consumer<String> listener) {
        resourceUpdated = listener;
    }

    /**
     * Follows the updates of the resource at {@code uri} (the upstream's own), now and at each connection.
     *
     * @throws UpstreamCallException when the upstream is not connected or does not declare {@code resources.subscribe}
     */
    synchronized void follow(String uri) {
        Session current = session;
        if (current == null || current.ended().isDone()) {
            throw new UpstreamCallException(
                    settings.name(),
                    UpstreamFailure.UNAVAILABLE,
                    "Upstream '" + settings.name() + "' is not connected: its resources cannot be subscribed to now");
        }
        if (!subscribes) {
            throw new UpstreamCallException(
                    settings.name(),
                    UpstreamFailure.NOT_FOUND,
                    "Upstream '" + settings.name() + "' does not serve resource subscriptions (it does not declare"
                            + " resources.subscribe)");
        }
        followed.add(uri);
        current.client().follow(Set.copyOf(followed), this::updated);
    }

    /** Stops following the resource at {@code uri}: unsubscribed upstream when connected. */
    synchronized void unfollow(String uri) {
        if (!followed.remove(uri)) {
            return;
        }
        Session current = session;
        if (current != null && subscribes) {
            current.client().follow(Set.copyOf(followed), this::updated);
        }
    }

    private void updated(String uri) {
        if (followed.contains(uri)) {
            try {
                resourceUpdated.accept(uri);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Upstream {}: an update of a resource could not be passed on: {}",
                        settings.name(),
                        Safe.describe(e));
            }
        }
    }

    private ComponentHealth upHealth() {
        return ComponentHealth.up(Map.of("tools", String.valueOf(tools.size()), "era", era));
    }

    /** Every tool the upstream lists, page by page. */
    private List<McpSchema.Tool> listTools(UpstreamClient client, CompletableFuture<Void> ended) {
        List<McpSchema.Tool> listed = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = answer(client.listTools(cursor), ended);
            listed.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty() && listed.size() < 10_000);
        return listed;
    }

    /**
     * The answer of {@code step}, given at most the connect time; a child that ends first fails it at once, instead of
     * leaving it to wait for an answer that cannot come.
     */
    private <T> T answer(reactor.core.publisher.Mono<T> step, CompletableFuture<Void> ended) {
        CompletableFuture<T> answer = step.toFuture();
        try {
            CompletableFuture.anyOf(answer, ended)
                    .get(UpstreamClients.connectTime(settings).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("upstream " + settings.name() + ": interrupted while waiting", e);
        } catch (ExecutionException e) {
            // the answer failed, or the child ended: told apart below
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IllegalStateException("upstream " + settings.name() + " did not answer in time", e);
        }
        if (!answer.isDone()) {
            answer.cancel(true);
            throw new IllegalStateException("upstream " + settings.name() + ": its process ended before it answered");
        }
        try {
            return answer.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Pings the upstream until it ends, fails a ping, or the connection closes; an end is seen at once. */
    private void watch(Session current) throws InterruptedException {
        while (closing.getCount() > 0) {
            try {
                CompletableFuture.anyOf(current.ended(), closed).get(pingInterval.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // time to ping
            } catch (ExecutionException e) {
                // ended or closed either way
            }
            if (closing.getCount() == 0) {
                return;
            }
            if (current.ended().isDone()) {
                health = ComponentHealth.down("its process ended");
                LOG.warn("Upstream {}: its process ended; starting it again", settings.name());
                return;
            }
            try {
                answer(current.client().ping(), current.ended());
                if (!current.client().pushesListChanges()) {
                    relist(current);
                }
                health = upHealth();
            } catch (RuntimeException e) {
                health = ComponentHealth.down("ping failed");
                LOG.warn("Upstream {} did not answer ping; connecting again", settings.name());
                return;
            }
        }
    }

    /** Reads the lists again when the upstream of {@code current}, still connected, said the {@code kind} list changed. */
    private void listChanged(Session current, String kind) {
        if (session != current || closing.getCount() == 0) {
            return;
        }
        try {
            relist(current);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Upstream {}: its lists could not be read again after its {} changed: {}",
                    settings.name(),
                    kind,
                    Safe.describe(e));
        }
    }

    /** Reads the lists again, for an upstream that does not say when they change. */
    private void relist(Session current) {
        UpstreamClient client = current.client();
        publish(listTools(client, current.ended()));
        UpstreamClient.Opened opened = answer(client.open(), current.ended());
        publishPrompts(listPrompts(client, opened));
        if (opened.resources()) {
            publishResources(listResources(client), answer(UpstreamClients.templates(client), current.ended()));
        }
    }

    private void disconnect(Session current) {
        if (current == null) {
            return;
        }
        if (session == current) {
            session = null;
        }
        failInFlight(UpstreamFailure.UNAVAILABLE);
        try {
            current.client().closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("Upstream {}: closing its client: {}", settings.name(), Safe.describe(e));
        }
    }

    /** Every prompt the upstream lists, page by page; none when it declares no prompts. */
    private List<McpSchema.Prompt> listPrompts(UpstreamClient client, UpstreamClient.Opened opened) {
        if (!opened.prompts()) {
            return List.of();
        }
        List<McpSchema.Prompt> listed = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListPromptsResult page = client.listPrompts(cursor).block(UpstreamClients.connectTime(settings));
            listed.addAll(page.prompts());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty() && listed.size() < 10_000);
        return listed;
    }

    /** Every resource the upstream lists, page by page. */
    private List<McpSchema.Resource> listResources(UpstreamClient client) {
        List<McpSchema.Resource> listed = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListResourcesResult page =
                    client.listResources(cursor).block(UpstreamClients.connectTime(settings));
            if (page.resources() != null) {
                listed.addAll(page.resources());
            }
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty() && listed.size() < 10_000);
        return listed;
    }

    private synchronized void publishResources(
            List<McpSchema.Resource> listed, List<McpSchema.ResourceTemplate> templates) {
        List<UpstreamResource> converted = new ArrayList<>();
        for (McpSchema.Resource resource : listed) {
            converted.add(new UpstreamResource(
                    resource.uri(),
                    resource.name(),
                    orEmpty(resource.title()),
                    orEmpty(resource.description()),
                    orEmpty(resource.mimeType()),
                    false));
        }
        for (McpSchema.ResourceTemplate template : templates) {
            converted.add(new UpstreamResource(
                    template.uriTemplate(),
                    template.name(),
                    orEmpty(template.title()),
                    orEmpty(template.description()),
                    orEmpty(template.mimeType()),
                    true));
        }
        boolean changed = !converted.equals(resources);
        resources = List.copyOf(converted);
        if (changed) {
            resourcesChanged.accept(settings.name());
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private void publishPrompts(List<McpSchema.Prompt> listed) {
        List<UpstreamPrompt> converted = new ArrayList<>();
        for (McpSchema.Prompt prompt : listed) {
            List<UpstreamPrompt.Argument> arguments = new ArrayList<>();
            if (prompt.arguments() != null) {
                for (McpSchema.PromptArgument argument : prompt.arguments()) {
                    arguments.add(new UpstreamPrompt.Argument(
                            argument.name(),
                            argument.description() == null ? "" : argument.description(),
                            Boolean.TRUE.equals(argument.required())));
                }
            }
            converted.add(new UpstreamPrompt(
                    prompt.name(),
                    prompt.title() == null ? "" : prompt.title(),
                    prompt.description() == null ? "" : prompt.description(),
                    arguments));
        }
        boolean changed = !converted.equals(prompts);
        prompts = List.copyOf(converted);
        if (changed) {
            promptsChanged.accept(settings.name());
        }
    }

    /** The task support the tool's listing declared, as the transport that read the listing noted it. */
    private TaskSupport taskSupport(String tool) {
        UpstreamClient client = listing;
        return client == null ? TaskSupport.FORBIDDEN : client.listedTaskSupport(tool);
    }

    private void publish(List<McpSchema.Tool> listed) {
        List<UpstreamTool> converted = new ArrayList<>();
        for (McpSchema.Tool tool : listed) {
            Map<String, Object> input = tool.inputSchema() == null
                    ? Map.of("type", "object")
                    : mapper.convertValue(tool.inputSchema(), JSON_OBJECT);
            converted.add(new UpstreamTool(
                    tool.name(),
                    tool.title() == null ? "" : tool.title(),
                    tool.description() == null ? "" : tool.description(),
                    input,
                    Optional.ofNullable(tool.outputSchema()).map(schema -> mapper.convertValue(schema, JSON_OBJECT)),
                    tool.annotations() != null
                            && Boolean.TRUE.equals(tool.annotations().readOnlyHint()),
                    taskSupport(tool.name())));
        }
        boolean changed = !converted.equals(tools);
        tools = List.copyOf(converted);
        if (changed) {
            toolsChanged.accept(settings.name());
        }
    }

    /**
     * Calls {@code tool}; interrupting the calling thread cancels it upstream.
     *
     * @throws UpstreamCallException when no result came back
     */
    UpstreamResult call(String tool, Map<String, Object> arguments) {
        return counted(
                () -> guarded(() -> send(
                        (client, meta) -> client.callTool(new McpSchema.CallToolRequest(tool, arguments, meta)),
                        this::convert)),
                result -> result.error() ? "tool_error" : "success");
    }

    /**
     * Calls {@code tool} as {@link #call(String, Map)} does, relaying to {@code caller} what the upstream sends during
     * the call.
     *
     * @throws UpstreamCallException when no result came back
     */
    UpstreamResult call(String tool, Map<String, Object> arguments, UpstreamCaller caller) {
        return counted(
                () -> guarded(() -> send(
                        (client, meta) -> client.callTool(new McpSchema.CallToolRequest(tool, arguments, meta)),
                        this::convert,
                        caller)),
                result -> result.error() ? "tool_error" : "success");
    }

    /**
     * Runs {@code work} and counts it in the upstream's call meters, with the outcome {@code outcome} gives its
     * result, or its failure's.
     */
    private <T> T counted(java.util.function.Supplier<T> work, java.util.function.Function<T, String> outcome) {
        long start = ticker.nanoTime();
        String ended = "error";
        try {
            T result = work.get();
            ended = outcome.apply(result);
            return result;
        } catch (UpstreamCallException e) {
            ended = e.failure().name().toLowerCase(java.util.Locale.ROOT);
            throw e;
        } catch (CallerFailedException e) {
            ended = "input_required"; // the caller asked its own client, as a 2026-era caller does
            throw e;
        } finally {
            metrics.recordCall(settings.name(), ended, ticker.nanoTime() - start);
        }
    }

    /**
     * Gets {@code prompt} filled in with {@code arguments}, bounded as a call is; interrupting the calling thread
     * cancels it upstream.
     *
     * @throws UpstreamCallException when no result came back
     */
    UpstreamPromptResult prompt(String prompt, Map<String, String> arguments) {
        return counted(
                () -> guarded(() -> send(
                        (client, meta) -> client.getPrompt(
                                new McpSchema.GetPromptRequest(prompt, new LinkedHashMap<>(arguments), meta)),
                        this::convertPrompt)),
                result -> "success");
    }

    /**
     * The values the upstream suggests for {@code completion}, bounded as a call is; interrupting the calling thread
     * cancels it upstream.
     *
     * @throws UpstreamCallException when no result came back
     */
    List<String> complete(dev.bulwark.ports.upstream.UpstreamCompletion completion) {
        McpSchema.CompleteReference ref =
                completion.target() == dev.bulwark.ports.upstream.UpstreamCompletion.Target.PROMPT
                        ? new McpSchema.PromptReference(completion.name())
                        : new McpSchema.ResourceReference(completion.name());
        return counted(
                () -> guarded(() -> send(
                        (client, meta) -> client.complete(new McpSchema.CompleteRequest(
                                ref,
                                new McpSchema.CompleteRequest.CompleteArgument(
                                        completion.argument(), completion.value()),
                                meta,
                                new McpSchema.CompleteRequest.CompleteContext(
                                        new LinkedHashMap<>(completion.arguments())))),
                        result -> result.completion() == null
                                        || result.completion().values() == null
                                ? List.<String>of()
                                : List.copyOf(result.completion().values()))),
                result -> "success");
    }

    /**
     * Reads the resource at {@code uri}, bounded as a call is; interrupting the calling thread cancels it upstream.
     *
     * @throws UpstreamCallException when no result came back
     */
    UpstreamResourceContents read(String uri) {
        return counted(
                () -> guarded(() -> send(
                        (client, meta) -> client.readResource(new McpSchema.ReadResourceRequest(uri, meta)),
                        this::convertContents)),
                result -> "success");
    }

    private <T> T guarded(java.util.function.Supplier<T> send) {
        if (!breaker.tryAcquirePermit()) {
            throw failure(UpstreamFailure.CIRCUIT_OPEN, "is failing: calls are refused for a while");
        }
        boolean trial = breaker.isHalfOpen();
        boolean recorded = false;
        try {
            if (!permits.tryAcquire()) {
                throw failure(UpstreamFailure.BUSY, "is busy: every one of its concurrency permits is in use");
            }
            try {
                T result = send.get();
                breaker.recordSuccess();
                recorded = true;
                return result;
            } finally {
                permits.release();
            }
        } catch (CallerFailedException e) {
            breaker.recordSuccess(); // the upstream answered; its caller failed
            recorded = true;
            throw e;
        } catch (UpstreamCallException e) {
            switch (e.failure()) {
                case TIMEOUT, UNAVAILABLE, PROTOCOL_ERROR, RESULT_TOO_LARGE -> {
                    breaker.recordFailure();
                    recorded = true;
                }
                case CALLER_ERROR -> {
                    breaker.recordSuccess(); // the upstream answered as it should; its caller erred
                    recorded = true;
                }
                default -> {
                    // a refusal or a cancellation says nothing of the upstream's health
                }
            }
            throw e;
        } finally {
            if (!recorded && trial) {
                breaker.recordFailure();
            }
        }
    }

    /**
     * Sends the request {@code request} makes with the client and its {@code _meta} (a fresh progress token and the
     * calling thread's trace context), waits for its answer within the timeout (cancelling it upstream on a timeout
     * or an interrupt), and converts it.
     */
    private <R, T> T send(
            java.util.function.BiFunction<UpstreamClient, Map<String, Object>, reactor.core.publisher.Mono<R>> request,
            java.util.function.Function<R, T> convert) {
        return send(request, convert, UpstreamCaller.NONE);
    }

    /** As {@link #send(java.util.function.BiFunction, java.util.function.Function)}, relaying to {@code caller}. */
    private <R, T> T send(
            java.util.function.BiFunction<UpstreamClient, Map<String, Object>, reactor.core.publisher.Mono<R>> request,
            java.util.function.Function<R, T> convert,
            UpstreamCaller caller) {
        Session current = session;
        if (current == null || current.ended().isDone()) {
            throw failure(UpstreamFailure.UNAVAILABLE, "is not connected");
        }
        String token = "bulwark-" + UUID.randomUUID();
        UpstreamClient client = current.client();
        client.began(token, caller);
        Map<String, String> trace = traceContext.current();
        CompletableFuture<R> answer = UpstreamTraceContext.carried(
                        request.apply(current.client(), UpstreamTraceContext.meta(token, trace)), trace)
                .toFuture();
        inFlight.add(answer);
        try {
            R result = answer.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
            client.forget(token);
            return convert.apply(result);
        } catch (TimeoutException e) {
            client.cancel(token, "timeout");
            answer.cancel(true);
            throw failure(
                    UpstreamFailure.TIMEOUT,
                    "did not answer within " + settings.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            client.cancel(token, "cancelled");
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(UpstreamFailure.CANCELLED, "call was cancelled");
        } catch (ExecutionException e) {
            // a client that answers on this thread keeps to the timeout itself, and fails when this thread is
            // interrupted
            if (e.getCause() instanceof TimeoutException) {
                client.cancel(token, "timeout");
                throw failure(
                        UpstreamFailure.TIMEOUT,
                        "did not answer within " + settings.timeout().toMillis() + " ms");
            }
            if (Thread.currentThread().isInterrupted()) {
                client.cancel(token, "cancelled");
                throw failure(UpstreamFailure.CANCELLED, "call was cancelled");
            }
            client.forget(token);
            if (e.getCause() instanceof UpstreamCallException refused) {
                throw refused;
            }
            if (e.getCause() instanceof CallerFailedException failed) {
                throw failed; // the caller's own failure, for its side to rethrow
            }
            if (e.getCause() instanceof io.modelcontextprotocol.spec.McpError error) {
                throw answeredWith(error);
            }
            throw failure(UpstreamFailure.UNAVAILABLE, "could not be reached");
        } finally {
            inFlight.remove(answer);
            client.ended(token);
        }
    }

    private static String errorCode(io.modelcontextprotocol.spec.McpError error) {
        return error.getJsonRpcError() == null
                ? "no code"
                : "code " + error.getJsonRpcError().code();
    }

    /**
     * The failure the upstream's JSON-RPC error answer {@code error} is: the caller's, with the upstream's message
     * cleaned for it, or the upstream's own ({@link #callerCaused}).
     */
    private UpstreamCallException answeredWith(io.modelcontextprotocol.spec.McpError error) {
        McpSchema.JSONRPCResponse.JSONRPCError answered = error.getJsonRpcError();
        if (answered == null || !callerCaused(answered.code())) {
            return failure(UpstreamFailure.PROTOCOL_ERROR, "answered with an error (" + errorCode(error) + ")");
        }
        return new UpstreamCallException(
                settings.name(),
                UpstreamFailure.CALLER_ERROR,
                "Upstream " + settings.name() + " refused the request (code " + answered.code() + ")",
                forCaller(answered.message()));
    }

    /**
     * Whether a JSON-RPC error code says the request's caller erred, not the upstream, so the breaker does not count
     * it. JSON-RPC 2.0 names -32600 (not a valid request), -32601 (no such method) and -32602 (invalid params) as
     * faults of the request; MCP answers an unknown tool, prompt or argument with -32602, an unknown resource with
     * -32002 (in the older era) and a needed URL elicitation with -32042. The upstream read such a request and
     * answered as it should: counted, one client's bad calls would refuse every client's. The rest are the upstream's
     * failing: -32603 (internal error), -32700 (it could not parse the JSON Bulwark wrote), the server errors -32000
     * to -32099 and any code of its own, whose meaning Bulwark cannot know.
     */
    static boolean callerCaused(int code) {
        return switch (code) {
            case McpSchema.ErrorCodes.INVALID_REQUEST,
                    McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                    McpSchema.ErrorCodes.INVALID_PARAMS,
                    RESOURCE_NOT_FOUND,
                    URL_ELICITATION_REQUIRED -> true;
            default -> false;
        };
    }

    /**
     * The upstream's error {@code message} as its caller may read it: the first line only (a stack trace starts on
     * the next), without control characters, with the upstream's host and command replaced, and cut at
     * {@link #MAX_UPSTREAM_MESSAGE} characters, as JSON-RPC asks for one concise sentence.
     */
    String forCaller(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", " ");
        for (String hidden : hidden()) {
            line = line.replace(hidden, "(upstream)");
        }
        return line.length() <= MAX_UPSTREAM_MESSAGE ? line : line.substring(0, MAX_UPSTREAM_MESSAGE - 3) + "...";
    }

    /** What of the upstream's own settings a message it sends must not pass on: its URL and host, its command. */
    private List<String> hidden() {
        List<String> hidden = new ArrayList<>();
        settings.url().ifPresent(url -> {
            hidden.add(url.toString());
            if (url.getHost() != null) {
                hidden.add(url.getHost());
            }
        });
        if (settings.command() != null && !settings.command().isBlank()) {
            hidden.add(settings.command());
        }
        return hidden;
    }

    /** Refuses {@code result} when its JSON is over the result cap. */
    private void requireWithinCap(Object result) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(result);
        } catch (IOException e) {
            throw failure(UpstreamFailure.PROTOCOL_ERROR, "answered with a result that cannot be read");
        }
        if (json.length > settings.maxResultBytes()) {
            throw failure(
                    UpstreamFailure.RESULT_TOO_LARGE,
                    "answered with a result over " + settings.maxResultBytes() + " bytes; it was not passed on");
        }
    }

    private UpstreamPromptResult convertPrompt(McpSchema.GetPromptResult result) {
        requireWithinCap(result);
        List<UpstreamPromptResult.Message> messages = new ArrayList<>();
        if (result.messages() != null) {
            for (McpSchema.PromptMessage message : result.messages()) {
                messages.add(new UpstreamPromptResult.Message(
                        message.role() == McpSchema.Role.ASSISTANT ? "assistant" : "user",
                        message.content() == null ? Map.of() : mapper.convertValue(message.content(), JSON_OBJECT)));
            }
        }
        return new UpstreamPromptResult(result.description() == null ? "" : result.description(), messages);
    }

    private UpstreamResourceContents convertContents(McpSchema.ReadResourceResult result) {
        requireWithinCap(result);
        List<UpstreamResourceContents.Item> items = new ArrayList<>();
        if (result.contents() != null) {
            for (McpSchema.ResourceContents contents : result.contents()) {
                if (contents instanceof McpSchema.TextResourceContents text) {
                    items.add(new UpstreamResourceContents.Item(
                            text.uri(), orEmpty(text.mimeType()), orEmpty(text.text()), false));
                } else if (contents instanceof McpSchema.BlobResourceContents blob) {
                    items.add(new UpstreamResourceContents.Item(
                            blob.uri(), orEmpty(blob.mimeType()), orEmpty(blob.blob()), true));
                }
            }
        }
        return new UpstreamResourceContents(items);
    }

    private UpstreamResult convert(McpSchema.CallToolResult result) {
        requireWithinCap(result);
        List<Map<String, Object>> content = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content item : result.content()) {
                content.add(mapper.convertValue(item, JSON_OBJECT));
            }
        }
        Optional<Object> structured = Optional.ofNullable(result.structuredContent())
                .map(value -> mapper.convertValue(value, new TypeRef<Object>() {}));
        return new UpstreamResult(content, structured, Boolean.TRUE.equals(result.isError()));
    }

    private void failInFlightAsTooLarge() {
        failInFlight(UpstreamFailure.RESULT_TOO_LARGE);
    }

    private void failInFlight(UpstreamFailure failure) {
        for (CompletableFuture<?> call : inFlight) {
            call.completeExceptionally(failure(
                    failure,
                    failure == UpstreamFailure.RESULT_TOO_LARGE
                            ? "sent a message over " + (settings.maxResultBytes() + ENVELOPE_BYTES)
                                    + " bytes; it was not passed on"
                            : "was disconnected during the call"));
        }
    }

    private UpstreamCallException failure(UpstreamFailure failure, String what) {
        return new UpstreamCallException(settings.name(), failure, "Upstream " + settings.name() + " " + what);
    }

    /** Stops the supervisor, the session and a stdio child. */
    @Override
    public void close() {
        closing.countDown();
        closed.complete(null);
        firstAttempt.countDown();
        disconnect(session);
        // wakes the supervisor from a backoff; the session's child, if any, is stopped already
        supervisor.interrupt();
        try {
            supervisor.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect(session);
        Session last = lastSession;
        if (last != null && settings.transport() == UpstreamSettings.Transport.STDIO) {
            try {
                last.ended().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Upstream {}: its process did not end in time", settings.name());
            }
        }
    }
}
