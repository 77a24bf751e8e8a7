package dev.bulwark.promises;

import static dev.bulwark.outbound.FakeService.json;
import static dev.bulwark.outbound.FakeService.text;

import dev.bulwark.core.AnnotatedTools;
import dev.bulwark.core.AppView;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionContext;
import dev.bulwark.core.ExtensionMethod;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolParam;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.StdioSettings;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.redis.EmbeddedRedis;
import dev.bulwark.redis.RedisCacheStore;
import dev.bulwark.redis.RedisConnection;
import dev.bulwark.redis.RedisHealthIndicator;
import dev.bulwark.redis.RedisRateLimitStore;
import dev.bulwark.redis.RedisSettings;
import dev.bulwark.tools.OpenApiTools;
import dev.bulwark.tools.ServicesPack;
import dev.bulwark.tools.SkillsPack;
import dev.bulwark.tools.business.services.ApiToolSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import redis.clients.jedis.Jedis;

/**
 * What every door serves: a declared and an annotated tool set, an extension's methods, an extension that answers
 * tool calls in their place, one that accepts them to run later, MCP Apps views, a folder of skills, an upstream MCP server behind the gateway
 * ({@link GatewayStage}), a real Redis for the cache and the rate limit, and registered services on a real upstream on
 * loopback with a credential of their own: {@code pets}, with an OpenAPI document whose operations are tools,
 * {@code store}, reached through {@code api_request}, and {@code sloth} and {@code snail}, the same two kinds with a
 * slow answer and a short timeout of their own. Each kind has an allowed, a guarded and a failing call, and a slow one
 * where it can ({@link ToolKind}). One stage per test class.
 */
final class Stage implements AutoCloseable {

    /** The pets service's document: read, erase (admin only) and an operation whose upstream fails. */
    private static final String DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
             "paths": {
               "/pets/{petId}": {
                 "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "string"}}],
                 "get": {"operationId": "getPet", "responses": {"200": {"description": "The pet"}}},
                 "delete": {"operationId": "deletePet", "responses": {"204": {"description": "Removed"}}}},
               "/broken": {
                 "get": {"operationId": "getBroken", "responses": {"200": {"description": "Never"}}}}}}
            """;

    /**
     * The sloth service's document: one operation, {@code nap}, whose upstream answers only when the stage closes, so
     * that only the service's timeout ({@link #SLOW_DEADLINE}, its alone) ends a call of it.
     */
    private static final String SLOTH_DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "Sloth", "version": "1"},
             "paths": {
               "/nap": {
                 "get": {"operationId": "nap", "responses": {"200": {"description": "Too late"}}}}}}
            """;

    /** The registered service with a document whose timeout is {@link #SLOW_DEADLINE}: OpenAPI's slow route. */
    static final String SLOTH = "sloth";
    /**
     * The registered service without a document whose timeout is {@link #SLOW_DEADLINE}, at the sloth's address:
     * {@code api_request}'s slow route (a service with a document takes no {@code api_request} by default).
     */
    static final String SNAIL = "snail";
    /** The sloth document's operations served as tools. */
    static final List<String> SLOTH_OPERATIONS = List.of("nap");

    /** The pets document's operations served as tools. */
    static final List<String> OPERATIONS = List.of("getPet", "deletePet", "getBroken");
    /** The pets operations that need a scope of their own. */
    static final Map<String, String> OPERATION_SCOPES = Map.of("deletePet", "pets:admin");
    /** The header the services' credential goes in. */
    static final String CREDENTIAL_HEADER = "X-Upstream-Key";
    /** The path of the pets document under the services' base URL. */
    static final String DOCUMENT_PATH = "openapi.json";

    /** The tasks one caller may have working at once: few, so that a holder fills them. */
    static final int TASK_SLOTS = 3;
    /** The bytes one caller's tasks may keep: the least the setting takes, so that one large task fills them. */
    static final long TASK_BYTES = 64L * 1024;

    /** The skill a caller with {@code promise:read} may get. */
    static final String SKILL_URI = "skill://promise-guide/SKILL.md";
    /** The skill only a caller with {@code promise:write} may get: for any other it does not exist. */
    static final String HIDDEN_SKILL_URI = "skill://promise-vault/SKILL.md";
    /** A skill the folder does not hold. */
    static final String UNKNOWN_SKILL_URI = "skill://promise-nowhere/SKILL.md";

    /** The extension that accepts a declared tool's call now and runs it later: {@link #laters()}. */
    static final String LATER = "promise.example/later";
    /** The param of a {@code tools/call} that asks {@link #LATER} to accept it. */
    static final String LATER_PARAM = "later";
    /** The follow-up of {@link #LATER} that answers with the run of an accepted call, once it ended. */
    static final String LATER_RESULT = "later/result";

    /** The extension that answers a declared tool's call in its place: {@link #previews()}. */
    static final String PREVIEW = "promise.example/preview";
    /** The param of a {@code tools/call} that asks {@link #PREVIEW} to answer it. */
    static final String PREVIEW_PARAM = "preview";

    /** How long {@code promise_hold} may run: far past the 60 s a budget check waits for its budget to come back. */
    static final Duration HOLD_TIMEOUT = Duration.ofMinutes(10);

    /**
     * The deadline of the slow routes ({@link ToolKind#slow()}), and theirs alone: short, so that the matrix sees
     * them ended, while every other call keeps the server's default.
     */
    static final Duration SLOW_DEADLINE = Duration.ofSeconds(1);

    /** The gate the slow routes wait at; it opens only when the stage closes. */
    private static final String SLOW_GATE = "slow";

    final Caller limited = Caller.limited();
    final Caller admin = Caller.admin();
    /** The pets service's own credential, which no log line and no answer may show. */
    final String upstreamCredential = "upstream-" + UUID.randomUUID();

    private final FakeService upstream = FakeService.start();
    /** The Redis of the cache and the rate limit, as the server jar uses it with {@code redis.url}. */
    private final EmbeddedRedis redis = EmbeddedRedis.start();

    private final RedisConnection redisConnection = RedisConnection.builder(
                    RedisSettings.builder().url(redis.url()).build())
            .build();
    private final OutboundServices services;
    /** The skills folder: {@link #SKILL_URI} and {@link #HIDDEN_SKILL_URI}. */
    private final Path skills = skillsFolder();

    private final AtomicInteger erased = new AtomicInteger();
    /** How often the extension's guarded method erased an item. */
    private final AtomicInteger erasedByExtension = new AtomicInteger();
    /** How often the preview extension answered a call of the guarded tool. */
    private final AtomicInteger erasedByPreview = new AtomicInteger();
    /** The runs {@link #laters()} started, by job id, with the caller they belong to. */
    private final Map<String, LaterJob> laterJobs = new ConcurrentHashMap<>();

    private final AtomicInteger laterJobIds = new AtomicInteger();
    /** How often the guarded view was read. */
    private final AtomicInteger erasedByView = new AtomicInteger();
    /** How often a slow route's work saw that it was stopped: interrupted or cancelled at its deadline. */
    private final AtomicInteger slowStopped = new AtomicInteger();
    /** The gateway's upstream, made when a door first asks for it. */
    private GatewayStage gateway;
    /** The gates {@code promise_hold} waits at, by name: true lets its calls end, false makes them fail. */
    private final Map<String, CompletableFuture<Boolean>> gates = new ConcurrentHashMap<>();

    Stage() {
        gate(OPEN).complete(true);
        upstream.on("GET " + DOCUMENT_PATH, text(200, "application/json", DOCUMENT))
                .on("GET pets/1", json(200, "{\"name\":\"Rex\"}"))
                .on("DELETE pets/7", json(200, "{}"))
                .on("GET broken", json(500, "{\"message\":\"upstream failure\"}"))
                .on("GET items/1", json(200, "{\"name\":\"lamp\"}"))
                .on("DELETE items/7", json(200, "{}"))
                .on("POST hold/" + OPEN, heldAtGate(OPEN))
                .on("GET " + SLOTH + "/" + DOCUMENT_PATH, text(200, "application/json", SLOTH_DOCUMENT))
                .on("GET " + SLOTH + "/nap", answeredAfterTheDeadline());
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("pets")
                        .baseUrl(upstream.baseUrl())
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.DELETE))
                        .retries(0)
                        .credentialHeader(CREDENTIAL_HEADER)
                        .credential(Optional.of(upstreamCredential))
                        .openapi(DOCUMENT_PATH)
                        .openapiOperations(OPERATIONS)
                        .openapiScopes(OPERATION_SCOPES)
                        .taskSupport(TaskSupport.OPTIONAL)
                        .build())
                .service(ServiceSettings.builder("store")
                        .baseUrl(upstream.baseUrl())
                        .methods(EnumSet.of(HttpMethod.GET, HttpMethod.DELETE))
                        .retries(0)
                        .credentialHeader(CREDENTIAL_HEADER)
                        .credential(Optional.of(upstreamCredential))
                        .taskSupport(TaskSupport.OPTIONAL)
                        .build())
                .service(slowService(SLOTH)
                        .openapi(DOCUMENT_PATH)
                        .openapiOperations(SLOTH_OPERATIONS)
                        .build())
                .service(slowService(SNAIL).build())
                .build();
    }

    /** How many failures in a row open the sloth's and the snail's breakers: more than the slow calls of a stage. */
    static final int SLOTH_BREAKER_THRESHOLD = 1000;

    /**
     * A registered service on the sloth's base URL whose deadline is {@link #SLOW_DEADLINE}, for its slow calls alone;
     * every slow call is a failure of the service, so its breaker must not open for the next.
     */
    private ServiceSettings.Builder slowService(String name) {
        return ServiceSettings.builder(name)
                .baseUrl(slothBaseUrl())
                .methods(EnumSet.of(HttpMethod.GET))
                .retries(0)
                .timeout(SLOW_DEADLINE)
                .breakerFailureThreshold(SLOTH_BREAKER_THRESHOLD)
                .credentialHeader(CREDENTIAL_HEADER)
                .credential(Optional.of(upstreamCredential))
                .taskSupport(TaskSupport.OPTIONAL);
    }

    /** The base URL of the sloth and snail services, under the registered services' upstream. */
    String slothBaseUrl() {
        return upstream.baseUrl() + SLOTH + "/";
    }

    /**
     * The sloth's answer to {@code nap}: none until the stage closes. It counts in {@link #slowStopped()} when the
     * caller closed the connection, as a client whose timeout passed does.
     */
    private FakeService.Behaviour answeredAfterTheDeadline() {
        return (request, response, callback) -> {
            EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            ByteBuffer probe = BufferUtil.allocate(1);
            CompletableFuture<Boolean> gate = gate(SLOW_GATE);
            while (!gate.isDone()) {
                BufferUtil.clear(probe);
                if (!endPoint.isOpen() || endPoint.fill(probe) < 0) {
                    slowStopped.incrementAndGet();
                    callback.failed(new IOException("the caller closed the connection"));
                    return;
                }
                try {
                    gate.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still waiting: look at the connection again
                }
            }
            json(503, "{\"message\":\"the stage closed\"}").answer(request, response, callback);
        };
    }

    /** A server with every kind of tool; over stdio, its one caller is {@code stdioCaller}. */
    Bulwark bulwark(Caller stdioCaller, MeterRegistry registry) {
        return bulwark(new StdioSettings(stdioCaller.subject(), stdioCaller.scopes()), registry);
    }

    /** A server with every kind of tool, whose stdio caller is {@code stdio}. */
    Bulwark bulwark(StdioSettings stdio, MeterRegistry registry) {
        BulwarkConfig config = BulwarkConfig.defaults().toBuilder()
                .stdio(stdio)
                .tasks(TaskSettings.defaults()
                        .withPerCallerLimits(TaskSettings.DEFAULT_MAX_KEPT_PER_CALLER, TASK_SLOTS)
                        .withMaxBytes(TASK_BYTES, TaskSettings.DEFAULT_MAX_BYTES))
                .build();
        return Bulwark.builder(config)
                .meterRegistry(registry)
                .cacheStore(new RedisCacheStore(redisConnection))
                .rateLimitStore(new RedisRateLimitStore(redisConnection))
                .healthIndicator(new RedisHealthIndicator(redisConnection))
                .tools(declaredTools())
                .pack(AnnotatedTools.from(annotatedTools()))
                .packs(servicePacks())
                .extension(extension())
                .pack(skillsPack())
                .extension(views())
                .extension(previews())
                .extension(laters())
                .build();
    }

    /** The Skills extension over the stage's skills folder, as a door that builds its server its own way serves it. */
    ToolPack skillsPack() {
        return SkillsPack.of(skills);
    }

    /** The folder the server jar serves with {@code tools.skills-folder}. */
    Path skills() {
        return skills;
    }

    /** A new folder with the two skills of {@link #SKILL_URI} and {@link #HIDDEN_SKILL_URI}. */
    private static Path skillsFolder() {
        try {
            Path folder = Files.createTempDirectory("promise-skills");
            writeSkill(folder, "promise-guide", "promise:read");
            writeSkill(folder, "promise-vault", "promise:write");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeSkill(Path folder, String name, String scope) throws IOException {
        Path skill = Files.createDirectory(folder.resolve(name));
        Files.writeString(
                skill.resolve("SKILL.md"),
                "---\nname: " + name + "\ndescription: A skill of the promise matrix\nmetadata:\n"
                        + "  dev.bulwark/required-scopes: " + scope + "\n---\n# " + name + "\n");
    }

    /** The gateway's upstream MCP server, started on first use. */
    synchronized GatewayStage gateway() {
        if (gateway == null) {
            gateway = GatewayStage.ofTheMatrix();
        }
        return gateway;
    }

    /**
     * The extension an embedder declares, {@code promise.example/items}: {@code items/echo}, {@code items/fail} and
     * {@code items/slow} (its deadline {@link #SLOW_DEADLINE}) for {@code promise:read}, {@code items/erase} for
     * {@code promise:write}. A door that builds its server its own
     * way serves it as well.
     */
    Extension extension() {
        return Extension.builder("promise.example/items")
                .method(new ExtensionMethod("items/echo", (params, context) -> Map.of("text", params.get("text")))
                        .withRequiredScopes("promise:read"))
                .method(new ExtensionMethod("items/erase", (params, context) -> {
                            erasedByExtension.incrementAndGet();
                            return Map.of("text", "erased " + params.get("id"));
                        })
                        .withRequiredScopes("promise:write"))
                .method(new ExtensionMethod("items/fail", (params, context) -> {
                            throw new IllegalStateException("the extension's method fails on purpose");
                        })
                        .withRequiredScopes("promise:read"))
                .method(new ExtensionMethod("items/slow", (params, context) -> outlastTheDeadline(context))
                        .withRequiredScopes("promise:read")
                        .withTimeout(SLOW_DEADLINE))
                .build();
    }

    /**
     * The extension an embedder declares to answer tool calls itself, {@code promise.example/preview}: it takes a call
     * of a declared tool whose params carry {@link #PREVIEW_PARAM}, with the tool's scopes; its answer for
     * {@code promise_erase} counts as that call's effect, and for {@code promise_fail} it fails. A door that builds its
     * server its own way serves it as well.
     */
    Extension previews() {
        return Extension.builder(PREVIEW)
                .augmentsToolCalls(new ToolCallAugmentation() {
                    @Override
                    public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
                        return params.containsKey(PREVIEW_PARAM);
                    }

                    @Override
                    public Map<String, Object> answer(
                            Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
                        switch (tool.name()) {
                            case "promise_erase" -> erasedByPreview.incrementAndGet();
                            case "promise_fail" ->
                                throw new IllegalStateException("the preview of the failing tool fails on purpose");
                            case "promise_slow" -> outlastTheDeadline(null);
                            default -> {}
                        }
                        return Map.of("content", List.of(Map.of("type", "text", "text", "would call " + tool.name())));
                    }
                })
                .build();
    }

    /** A run {@link #laters()} started, and the subject of the caller whose call it accepted. */
    private record LaterJob(String owner, CompletionStage<Map<String, Object>> run) {}

    /**
     * The extension an embedder declares to accept a call now and run it later, {@code promise.example/later}: it
     * takes a call of a declared tool whose params carry {@link #LATER_PARAM}, answers with a job id at once, and starts
     * the accepted call's run; {@link #LATER_RESULT} answers with that run's result under {@code run} once it ended, to
     * the caller whose call it was. The run is the tool's call: its effects are the tool's. A door that builds its
     * server its own way serves it as well.
     */
    Extension laters() {
        return Extension.builder(LATER)
                .augmentsToolCalls(new ToolCallAugmentation() {
                    @Override
                    public boolean augments(Tool<?, ?> tool, Map<String, Object> params) {
                        return params.containsKey(LATER_PARAM);
                    }

                    @Override
                    public boolean startsTheRunLater(Tool<?, ?> tool) {
                        return true;
                    }

                    @Override
                    public Map<String, Object> answer(
                            Tool<?, ?> tool, Map<String, Object> params, ExtensionContext context) {
                        String job = "later-" + laterJobIds.incrementAndGet();
                        CompletionStage<Map<String, Object>> run =
                                context.acceptedCall().start(job, new CompletableFuture<Void>());
                        laterJobs.put(job, new LaterJob(context.principal().subject(), run));
                        return Map.of("content", List.of(Map.of("type", "text", "text", job)));
                    }
                })
                .followUp(LATER_RESULT, (params, context) -> {
                    LaterJob job = laterJobs.get(String.valueOf(params.get("job")));
                    if (job == null || !job.owner().equals(context.principal().subject())) {
                        throw new InvalidArgumentsException("no such job: " + params.get("job"), List.of());
                    }
                    try {
                        return Map.of("run", job.run().toCompletableFuture().get(60, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        throw new IllegalStateException("the job's run did not end well", e);
                    }
                })
                .build();
    }

    /**
     * The declared tools, as a door that builds its server its own way (an application's beans) declares them: with
     * {@link #annotatedTools()} and {@link #servicePacks()}, every tool {@link #bulwark} serves.
     */
    List<Tool<?, ?>> declaredTools() {
        return List.of(
                Tool.builder("promise_echo", Text.class, Text.class)
                        .description("Says the text back")
                        .requiredScopes("promise:read")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> ToolResult.of(input))
                        .build(),
                Tool.builder("promise_erase", Id.class, Text.class)
                        .description("Erases an item")
                        .requiredScopes("promise:write")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> {
                            erased.incrementAndGet();
                            return ToolResult.of(new Text("erased " + input.id()));
                        })
                        .build(),
                Tool.builder("promise_fail", Text.class, Text.class)
                        .description("Fails on the server's side")
                        .requiredScopes("promise:read")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .handler((input, context) -> {
                            throw new IllegalStateException("the declared tool fails on purpose");
                        })
                        .build(),
                Tool.builder("promise_hold", Hold.class, Text.class)
                        .description("Holds what its call took until its gate opens, then ends or fails")
                        .requiredScopes("promise:read")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .notRateLimited()
                        // past the bound a budget check waits for: a holder's task that is never given back must
                        // not be given back by its timeout while the check still waits
                        .timeout(HOLD_TIMEOUT)
                        .handler((input, context) -> {
                            CompletableFuture<Boolean> gate = gate(input.gate());
                            while (true) {
                                try {
                                    if (gate.get(20, TimeUnit.MILLISECONDS)) {
                                        return ToolResult.of(new Text("released"));
                                    }
                                    throw new IllegalStateException("the hold fails on purpose");
                                } catch (TimeoutException e) {
                                    if (context.isCancelled()) {
                                        throw new IllegalStateException("the hold was cancelled");
                                    }
                                }
                            }
                        })
                        .build(),
                Tool.builder("promise_slow", Text.class, Text.class)
                        .description("Outlasts its deadline")
                        .requiredScopes("promise:read")
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .notRateLimited()
                        .timeout(SLOW_DEADLINE)
                        .handler((input, context) -> outlastTheDeadline(context))
                        .build());
    }

    /**
     * The work of a slow route: waits until the stage closes, so that only its deadline ends it, and counts in
     * {@link #slowStopped()} when it sees it was stopped (its thread interrupted, or its call cancelled).
     */
    <T> T outlastTheDeadline(CallContext context) {
        CompletableFuture<Boolean> gate = gate(SLOW_GATE);
        while (true) {
            try {
                gate.get(20, TimeUnit.MILLISECONDS);
                throw new IllegalStateException("the stage closed before the slow route's deadline");
            } catch (InterruptedException e) {
                slowStopped.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the slow route was interrupted");
            } catch (TimeoutException e) {
                if (context != null && context.isCancelled()) {
                    slowStopped.incrementAndGet();
                    throw new IllegalStateException("the slow route was cancelled");
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("the slow route's gate failed", e);
            }
        }
    }

    /**
     * How often a slow route's work saw that it was stopped at its deadline: a handler interrupted or cancelled, the
     * sloth service's connection closed, or the gateway's slow upstream (in this JVM or a stdio child) told its call
     * was cancelled.
     */
    int slowStopped() {
        return slowStopped.get() + gatewaySlowCancelled();
    }

    private synchronized int gatewaySlowCancelled() {
        return gateway == null ? 0 : gateway.slowCancelled();
    }

    /**
     * A call of {@code api_request} that sends {@code paddingBytes} of text to the store service, whose answer waits
     * at {@code gate}: 200 when it opens, 500 when it fails. Only a caller with the store's write scope makes it (the
     * admin), at a door whose store service takes POST: for a server that serves no code of its user's, the
     * {@code promise_hold} of the registered services.
     */
    ToolCall upstreamHold(String gate, int paddingBytes) {
        upstream.on("POST hold/" + gate, heldAtGate(gate));
        return new ToolCall(
                "api_request",
                Map.of("service", "store", "method", "POST", "path", "hold/" + gate, "body", "p".repeat(paddingBytes)));
    }

    /** An upstream answer that waits at {@code gate}, holding the call that sent the request until it opens or fails. */
    private FakeService.Behaviour heldAtGate(String gate) {
        return (request, response, callback) -> {
            boolean open = gate(gate).get(HOLD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            json(open ? 200 : 500, open ? "{\"held\":\"released\"}" : "{\"message\":\"the hold fails on purpose\"}")
                    .answer(request, response, callback);
        };
    }

    /** How often the upstream was asked to hold at {@code gate}: the calls that reached it and wait there. */
    int heldAt(String gate) {
        return upstream.hits("POST hold/" + gate);
    }

    /** The base URL of the registered services' upstream. */
    String upstreamBaseUrl() {
        return upstream.baseUrl();
    }

    /** A gate that is open: {@code promise_hold} at it ends at once. */
    static final String OPEN = "open";

    /** The gate {@code promise_hold} calls naming {@code name} wait at. */
    CompletableFuture<Boolean> gate(String name) {
        return gates.computeIfAbsent(name, key -> new CompletableFuture<>());
    }

    /** A call of {@code promise_hold} that waits at {@code gate}, with {@code paddingBytes} of text as its argument. */
    static ToolCall hold(String gate, int paddingBytes) {
        return new ToolCall("promise_hold", Map.of("gate", gate, "padding", "p".repeat(paddingBytes)));
    }

    /** The object whose {@code @McpTool} methods are the annotated tools. */
    AnnotatedFixture annotatedTools() {
        return new AnnotatedFixture(erased, this);
    }

    /**
     * The packs of the registered services and the gateway: the pets document's operations, {@code api_request}, and
     * the upstream MCP server's tools.
     */
    List<ToolPack> servicePacks() {
        List<ToolPack> packs = new ArrayList<>(registeredServicePacks());
        packs.add(gateway().pack());
        return List.copyOf(packs);
    }

    /**
     * The packs of the registered services alone, for a door whose server fronts the gateway's upstreams by its own
     * settings ({@link GatewayStage#configSection()}): no gateway's client side, and no stdio child, starts for it here.
     */
    List<ToolPack> registeredServicePacks() {
        OpenApiTools.Builder pets = OpenApiTools.builder(services, "pets")
                .documentPath(DOCUMENT_PATH)
                .operations(OPERATIONS.toArray(String[]::new))
                .taskSupport(Tool.TaskSupport.OPTIONAL);
        OPERATION_SCOPES.forEach(pets::scope);
        return List.of(
                pets.build(),
                OpenApiTools.builder(services, SLOTH)
                        .documentPath(DOCUMENT_PATH)
                        .operations(SLOTH_OPERATIONS.toArray(String[]::new))
                        .taskSupport(Tool.TaskSupport.OPTIONAL)
                        .build(),
                new ServicesPack(services, ApiToolSettings.defaults(), Tool.TaskSupport.OPTIONAL));
    }

    /** The stage's Redis, for a door that connects to it itself, and for the promise that stops it. */
    EmbeddedRedis redis() {
        return redis;
    }

    /** How many keys the stage's Redis holds. */
    long redisKeys() {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            return jedis.dbSize();
        }
    }

    /** How often the guarded call of {@code kind} took effect: a handler ran, or the upstream was reached. */
    /**
     * The MCP Apps views, {@code io.modelcontextprotocol/ui}: {@code ui://promise/echo.html} and
     * {@code ui://promise/fail.html} and {@code ui://promise/slow.html} (its deadline {@link #SLOW_DEADLINE}) for
     * {@code promise:read}, {@code ui://promise/erase.html} for {@code promise:write}. A door that builds its server its own way serves them as well.
     */
    Extension views() {
        return McpApps.extension(
                AppView.of("ui://promise/echo.html", "Echo", "A view anyone may read", context -> "<p>echo</p>")
                        .withRequiredScopes("promise:read"),
                AppView.of("ui://promise/erase.html", "Erase", "A view for writers", context -> {
                            erasedByView.incrementAndGet();
                            return "<p>erase</p>";
                        })
                        .withRequiredScopes("promise:write"),
                AppView.of("ui://promise/fail.html", "Fail", "A view whose reader fails", context -> {
                            throw new IllegalStateException("the view's reader fails on purpose");
                        })
                        .withRequiredScopes("promise:read"),
                AppView.of("ui://promise/slow.html", "Slow", "A view whose read outlasts its deadline", context -> {
                            return outlastTheDeadline(context);
                        })
                        .withRequiredScopes("promise:read")
                        .withTimeout(SLOW_DEADLINE));
    }

    int guardedEffects(ToolKind kind) {
        return switch (kind) {
            case DECLARED, ANNOTATED, ACCEPTED -> erased.get();
            case EXTENSION -> erasedByExtension.get();
            case AUGMENTED -> erasedByPreview.get();
            case VIEW -> erasedByView.get();
            case OPENAPI -> upstream.hits("DELETE pets/7");
            case API_REQUEST -> upstream.hits("DELETE items/7");
            case SKILL_GET ->
                throw new IllegalArgumentException(
                        "reading a skill has no effect to count: its answer shows what the caller reached");
            case GATEWAY, GATEWAY_2025 -> gatewayErased();
            case GATEWAY_STDIO -> gatewayErasedOverStdio();
        };
    }

    private synchronized int gatewayErased() {
        return gateway == null ? 0 : gateway.erased();
    }

    private synchronized int gatewayErasedOverStdio() {
        return gateway == null ? 0 : gateway.erasedOverStdio();
    }

    /** Every secret a caller or the server holds in this stage. */
    List<String> credentials() {
        return List.of(limited.apiKey(), admin.apiKey(), upstreamCredential);
    }

    @Override
    public void close() {
        // a call still held at the upstream (a server process that outlived its holder) ends now
        gates.values().forEach(gate -> gate.complete(false));
        synchronized (this) {
            if (gateway != null) {
                gateway.close();
            }
        }
        services.close();
        upstream.close();
        redisConnection.close();
        redis.close();
        deleteSkills();
    }

    private void deleteSkills() {
        try (var paths = Files.walk(skills)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text in and out. */
    record Text(String text) {}

    /** A gate to wait at, and padding that makes the call as large as a test needs. */
    record Hold(String gate, String padding) {}

    /** An item's id. */
    record Id(String id) {}

    /** The annotated tools: the same three behaviours as the declared ones. */
    public static final class AnnotatedFixture {

        private final AtomicInteger erased;
        private final Stage stage;

        AnnotatedFixture(AtomicInteger erased, Stage stage) {
            this.erased = erased;
            this.stage = stage;
        }

        @McpTool(
                name = "annotated_echo",
                description = "Says the text back",
                scopes = "promise:read",
                taskSupport = Tool.TaskSupport.OPTIONAL)
        public Text echo(@ToolParam(description = "What to say") String text) {
            return new Text(text);
        }

        @McpTool(
                name = "annotated_erase",
                description = "Erases an item",
                scopes = "promise:write",
                taskSupport = Tool.TaskSupport.OPTIONAL)
        public Text erase(@ToolParam(description = "The item") String id) {
            erased.incrementAndGet();
            return new Text("erased " + id);
        }

        @McpTool(
                name = "annotated_fail",
                description = "Fails on the server's side",
                scopes = "promise:read",
                taskSupport = Tool.TaskSupport.OPTIONAL)
        public Text fail(@ToolParam(description = "Ignored") String text) {
            throw new IllegalStateException("the annotated tool fails on purpose");
        }

        @McpTool(
                name = "annotated_slow",
                description = "Outlasts its deadline",
                scopes = "promise:read",
                timeout = "1s", // Stage.SLOW_DEADLINE
                taskSupport = Tool.TaskSupport.OPTIONAL)
        public Text slow(@ToolParam(description = "Ignored") String text) {
            return stage.outlastTheDeadline(null);
        }
    }
}
