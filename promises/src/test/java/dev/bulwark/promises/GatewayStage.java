package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The gateway's part of the stage: an MCP server on loopback over Streamable HTTP ({@link GatewayUpstreamTools};
 * the prompts {@code brief}, {@code broken}; the resources {@code notes://...}; completions from {@link #TOPICS}),
 * and the same tools in stdio children ({@link StdioGatewayUpstream}), fronted as upstreams for reading, for erasing,
 * and for {@code slow} alone: over HTTP in each era, and over stdio.
 */
final class GatewayStage implements AutoCloseable {

    /** How long a call through the gateway may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * The upstream that fronts the server's {@code slow} tool alone, with the timeout {@link Stage#SLOW_DEADLINE}: no
     * other call shares it.
     */
    static final String SLOW_UPSTREAM = "mcpslow";

    /**
     * The prefix of the upstreams the gateway speaks to in the 2025-11-25 era ({@code era: 2025-11-25}), in a
     * session, whatever the server would offer: {@code mcp25}, {@code mcp25admin} and {@code mcp25slow}.
     */
    static final String SESSIONS_UPSTREAM = "mcp25";

    /**
     * The prefix of the upstreams the gateway starts as child processes and speaks to over their stdin and stdout, in
     * the era it finds ({@code auto}: 2026-07-28 with Bulwark's own server): {@code mcpstdio}, {@code mcpstdioadmin}
     * and {@code mcpstdioslow}. Each is a JVM of its own, so there is no 2025-11-25 trio over stdio: it would start
     * three more at every door.
     */
    static final String STDIO_UPSTREAM = "mcpstdio";

    /** How many failures in a row open the slow upstream's breaker: more than the slow calls of a stage. */
    static final int SLOW_BREAKER_FAILURES = 1000;

    /** The values the upstream completes a {@code topic} with, those starting with what was typed. */
    static final List<String> TOPICS = List.of("rain", "rainbow", "snow");

    private final AtomicInteger erased = new AtomicInteger();
    private final AtomicInteger completionsAsked = new AtomicInteger();
    /** How often the upstream's {@code slow} saw its call cancelled by the gateway. */
    private final AtomicInteger slowCancelled = new AtomicInteger();
    /** Completed when the stage closes: a {@code slow} call still running ends then. */
    private final CompletableFuture<Void> closing = new CompletableFuture<>();
    /** Where the stdio upstreams' children write their effects ({@link StdioGatewayUpstream#RECORD}). */
    private final Path record;

    private final Bulwark server;
    private final BulwarkHttp http;
    /** The upstream server's prompts, which a test may change. */
    private PromptCatalogue prompts;
    /** The upstream server's resources, which a test may change. */
    private ResourceCatalogue resources;
    /** The gateway's client side, made when an in-process server first asks for its pack. */
    private McpClientUpstreams upstreams;
    /** Where the gateway's client side finds the trace context it sends upstream. */
    private final OpenTelemetry gatewayTracing;

    /** The upstreams this stage's pack fronts the server with. */
    private final List<Front> fronts;

    /** A gateway test's stage: the server behind {@code mcp} and {@code mcpadmin}. */
    GatewayStage() {
        this(OpenTelemetry.noop(), OpenTelemetry.noop());
    }

    private GatewayStage(List<Front> fronts) {
        this(fronts, OpenTelemetry.noop(), OpenTelemetry.noop());
    }

    /** The promise matrix's stage: the server behind {@link #configSection}'s upstreams, in both eras. */
    static GatewayStage ofTheMatrix() {
        return new GatewayStage(MATRIX);
    }

    /**
     * @param gatewayTracing the gateway's tracing, whose context its client side sends upstream
     * @param upstreamTracing where the upstream server's spans go
     */
    GatewayStage(OpenTelemetry gatewayTracing, OpenTelemetry upstreamTracing) {
        this(READ_AND_ERASE, gatewayTracing, upstreamTracing);
    }

    private GatewayStage(List<Front> fronts, OpenTelemetry gatewayTracing, OpenTelemetry upstreamTracing) {
        this.fronts = fronts;
        this.gatewayTracing = gatewayTracing;
        try {
            record = Files.createTempFile("gateway-upstream", ".record");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .openTelemetry(upstreamTracing)
                .tools(GatewayUpstreamTools.of(erased::incrementAndGet, slowCancelled::incrementAndGet, closing))
                .pack(pack -> {
                    prompts = pack.promptCatalogue();
                    resources = pack.resourceCatalogue();
                })
                .resource(new Resource("notes://brief", "brief", "The brief", "text/plain", context -> "The brief"))
                .resource(new Resource(
                        "notes://broken", "broken", "Fails on the upstream's side", "text/plain", context -> {
                            throw new IllegalStateException("db.internal.example:5432 refused: password=hunter2");
                        }))
                .resourceTemplate(new ResourceTemplate(
                        "notes://topics/{topic}",
                        "topic",
                        "A note on a topic",
                        "text/plain",
                        (uri, variables, context) -> "On " + variables.get("topic")))
                .prompt(new Prompt(
                        "brief",
                        "Briefs on a topic",
                        List.of(new Prompt.Argument("topic", "What about", true)),
                        (arguments, context) -> "Brief on " + arguments.get("topic")))
                .completion(Completion.forPrompt("brief", (request, context) -> {
                    completionsAsked.incrementAndGet();
                    return TOPICS.stream()
                            .filter(topic -> topic.startsWith(request.value()))
                            .toList();
                }))
                .completion(Completion.forResourceTemplate("notes://topics/{topic}", (request, context) -> {
                    completionsAsked.incrementAndGet();
                    return TOPICS.stream()
                            .filter(topic -> topic.startsWith(request.value()))
                            .toList();
                }))
                .prompt(new Prompt("broken", "Fails on the upstream's side", List.of(), (arguments, context) -> {
                    throw new IllegalStateException("db.internal.example:5432 refused: password=hunter2");
                }))
                .build();
        http = BulwarkHttp.builder(server).port(0).managementPort(0).start();
    }

    /** The upstream server's MCP endpoint. */
    String url() {
        return "http://127.0.0.1:" + http.port() + "/mcp";
    }

    /** How the gateway reaches an upstream: the server in this JVM over HTTP, or a child of its own over stdio. */
    private enum Reach {
        HTTP,
        STDIO
    }

    /**
     * One upstream in front of the server: its name (its tools' prefix), the scope its tools need, the tools it
     * allows or denies, its timeout, its era, and how it is reached.
     */
    private record Front(
            String name,
            String scope,
            Set<String> allow,
            Set<String> deny,
            Duration timeout,
            UpstreamSettings.Era era,
            Reach reach) {

        /**
         * Its section, as the server jar's {@code upstreams} reads it: at {@code url}, or a child that writes its
         * effects to {@code record}.
         */
        Map<String, Object> section(String url, Path record) {
            Map<String, Object> section = new LinkedHashMap<>();
            if (reach == Reach.STDIO) {
                List<String> command = StdioGatewayUpstream.command();
                section.put("transport", "stdio");
                section.put("command", command.get(0));
                section.put("args", command.subList(1, command.size()));
                section.put("env", List.of(StdioGatewayUpstream.RECORD + "=" + record));
            } else {
                section.put("transport", "http");
                section.put("url", url);
            }
            section.put("scope", scope);
            if (!allow.isEmpty()) {
                section.put("allow", List.copyOf(new TreeSet<>(allow)));
            }
            if (!deny.isEmpty()) {
                section.put("deny", List.copyOf(new TreeSet<>(deny)));
            }
            section.put("timeout", timeout.toSeconds() + "s");
            if (allow.contains("slow")) {
                section.put("breaker-failures", SLOW_BREAKER_FAILURES);
            }
            if (era != UpstreamSettings.Era.AUTO) {
                section.put("era", era.wireName());
            }
            section.put("task-support", "optional");
            return section;
        }

        UpstreamSettings settings(String url, Path record) {
            UpstreamSettings.Builder settings = UpstreamSettings.builder(name)
                    .scope(scope)
                    .allow(allow)
                    .deny(deny)
                    .timeout(timeout)
                    .era(era)
                    .taskSupport(TaskSupport.OPTIONAL);
            if (reach == Reach.STDIO) {
                List<String> command = StdioGatewayUpstream.command();
                settings.transport("stdio")
                        .command(command.get(0))
                        .args(command.subList(1, command.size()))
                        .env(Map.of(StdioGatewayUpstream.RECORD, record.toString()));
            } else {
                settings.transport("http").url(url);
            }
            if (allow.contains("slow")) {
                settings.breakerFailures(SLOW_BREAKER_FAILURES);
            }
            return settings.build();
        }

        GatewayTools.Exposure exposure() {
            return new GatewayTools.Exposure(name, name + "_", Map.of(), Optional.of(scope), allow, deny, timeout);
        }
    }

    /**
     * Three upstreams named after {@code name}, reached by {@code reach} in {@code era}: {@code name} for reading,
     * without {@code erase} and {@code slow}; {@code <name>admin} for erasing; and {@code <name>slow} with {@code slow}
     * alone and the timeout {@link Stage#SLOW_DEADLINE}, which no other call shares.
     */
    private static List<Front> trio(String name, UpstreamSettings.Era era, Reach reach) {
        return List.of(
                new Front(name, "promise:read", Set.of(), Set.of("erase", "slow"), TIMEOUT, era, reach),
                new Front(name + "admin", "promise:write", Set.of("erase"), Set.of(), TIMEOUT, era, reach),
                new Front(name + "slow", "promise:read", Set.of("slow"), Set.of(), Stage.SLOW_DEADLINE, era, reach));
    }

    /** The upstreams of a gateway test: one for reading, without {@code erase} and {@code slow}, and one for erasing. */
    private static final List<Front> READ_AND_ERASE =
            trio("mcp", UpstreamSettings.Era.AUTO, Reach.HTTP).subList(0, 2);

    /** The upstreams of the promise matrix: a {@link #trio} in each era over HTTP, and one over stdio. */
    private static final List<Front> MATRIX = Stream.of(
                    trio("mcp", UpstreamSettings.Era.AUTO, Reach.HTTP),
                    trio(SESSIONS_UPSTREAM, UpstreamSettings.Era.V2025_11_25, Reach.HTTP),
                    trio(STDIO_UPSTREAM, UpstreamSettings.Era.AUTO, Reach.STDIO))
            .flatMap(List::stream)
            .toList();

    /** The matrix's upstreams' names, in order. */
    static List<String> upstreamNames() {
        return MATRIX.stream().map(Front::name).toList();
    }

    /**
     * The matrix's upstreams' sections, as the server jar's {@code upstreams} reads them: the HTTP ones at {@code url},
     * the stdio ones children that write their effects to {@code record}.
     */
    static Map<String, Object> configSection(String url, Path record) {
        Map<String, Object> sections = new LinkedHashMap<>();
        MATRIX.forEach(front -> sections.put(front.name(), front.section(url, record)));
        return sections;
    }

    /**
     * The matrix's upstreams' sections for a gateway of its own (a server jar's, an application's), which starts its
     * own stdio children and stops them when it closes.
     */
    Map<String, Object> configSection() {
        return configSection(url(), record);
    }

    /**
     * The pack that serves the upstreams' tools: {@code mcp_echo}, {@code mcp_fail}, {@code mcpadmin_erase},
     * {@code mcpslow_slow}, and the same through the 2025-11-25 upstreams ({@code mcp25_echo}, ...).
     */
    synchronized ToolPack pack() {
        if (upstreams == null) {
            upstreams = McpClientUpstreams.builder()
                    .upstreams(fronts.stream()
                            .map(front -> front.settings(url(), record))
                            .toList())
                    .environment(Map.of())
                    .openTelemetry(gatewayTracing)
                    .build();
            upstreams.start();
        }
        return new GatewayPack(upstreams, fronts.stream().map(Front::exposure).toList());
    }

    /** The upstream MCP server itself, whose tool catalogue a test may change. */
    Bulwark upstream() {
        return server;
    }

    /** The upstream MCP server's prompts ({@code brief}, {@code broken}), which a test may change. */
    PromptCatalogue upstreamPrompts() {
        return prompts;
    }

    /** The upstream MCP server's resources ({@code notes://brief}, {@code notes://broken}), which a test may change. */
    ResourceCatalogue upstreamResources() {
        return resources;
    }

    /** How often the upstream completed an argument of {@code brief} or of its template. */
    int completionsAsked() {
        return completionsAsked.get();
    }

    /**
     * How often the upstream's {@code slow} saw that the gateway cancelled its call, in this JVM or in a stdio child of
     * any gateway this stage configured.
     */
    int slowCancelled() {
        return slowCancelled.get() + recorded(StdioGatewayUpstream.SLOW_STOPPED);
    }

    /** How often the upstream's {@code erase} ran in this JVM, behind an HTTP upstream. */
    int erased() {
        return erased.get();
    }

    /** How often the upstream's {@code erase} ran in a stdio child of any gateway this stage configured. */
    int erasedOverStdio() {
        return recorded(StdioGatewayUpstream.ERASED);
    }

    /** How many lines the stdio children wrote to the record that are {@code line}. */
    private int recorded(String line) {
        try {
            return (int) Files.readAllLines(record, StandardCharsets.UTF_8).stream()
                    .filter(line::equals)
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        closing.complete(null);
        if (upstreams != null) {
            upstreams.close();
        }
        http.close();
        server.close();
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
