package dev.bulwark.promises;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's part of the stage: a small MCP server in this JVM over Streamable HTTP on loopback ({@code echo},
 * {@code erase}, {@code fail}; the prompts {@code brief} and {@code broken}; the resources {@code notes://brief} and
 * {@code notes://broken} and the template {@code notes://topics/{topic}}; the {@code topic} of {@code brief} and of
 * the template completed from {@link #TOPICS}), fronted as two upstreams (by the in-process servers' pack, or by a jar's config): {@code mcp} for {@code promise:read} without
 * {@code erase}, and {@code mcpadmin} for {@code promise:write} with {@code erase} only.
 */
final class GatewayStage implements AutoCloseable {

    /** How long a call through the gateway may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The values the upstream completes a {@code topic} with, those starting with what was typed. */
    static final List<String> TOPICS = List.of("rain", "rainbow", "snow");

    private final AtomicInteger erased = new AtomicInteger();
    private final AtomicInteger completionsAsked = new AtomicInteger();
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

    GatewayStage() {
        this(OpenTelemetry.noop(), OpenTelemetry.noop());
    }

    /**
     * @param gatewayTracing the gateway's tracing, whose context its client side sends upstream
     * @param upstreamTracing where the upstream server's spans go
     */
    GatewayStage(OpenTelemetry gatewayTracing, OpenTelemetry upstreamTracing) {
        this.gatewayTracing = gatewayTracing;
        server = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .openTelemetry(upstreamTracing)
                .tools(tools())
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

    /** The two upstreams' sections, as the server jar's {@code upstreams} reads them. */
    static Map<String, Object> configSection(String url) {
        return Map.of(
                "mcp",
                Map.of(
                        "transport",
                        "http",
                        "url",
                        url,
                        "scope",
                        "promise:read",
                        "deny",
                        List.of("erase"),
                        "timeout",
                        TIMEOUT.toSeconds() + "s",
                        "task-support",
                        "optional"),
                "mcpadmin",
                Map.of(
                        "transport",
                        "http",
                        "url",
                        url,
                        "scope",
                        "promise:write",
                        "allow",
                        List.of("erase"),
                        "timeout",
                        TIMEOUT.toSeconds() + "s",
                        "task-support",
                        "optional"));
    }

    private static List<UpstreamSettings> settings(String url) {
        return List.of(
                UpstreamSettings.builder("mcp")
                        .transport("http")
                        .url(url)
                        .scope("promise:read")
                        .deny(Set.of("erase"))
                        .timeout(TIMEOUT)
                        .taskSupport(TaskSupport.OPTIONAL)
                        .build(),
                UpstreamSettings.builder("mcpadmin")
                        .transport("http")
                        .url(url)
                        .scope("promise:write")
                        .allow(Set.of("erase"))
                        .timeout(TIMEOUT)
                        .taskSupport(TaskSupport.OPTIONAL)
                        .build());
    }

    /** The pack that serves the upstreams' tools: {@code mcp_echo}, {@code mcp_fail} and {@code mcpadmin_erase}. */
    synchronized ToolPack pack() {
        if (upstreams == null) {
            upstreams = McpClientUpstreams.builder()
                    .upstreams(settings(url()))
                    .environment(Map.of())
                    .openTelemetry(gatewayTracing)
                    .build();
            upstreams.start();
        }
        return new GatewayPack(
                upstreams,
                List.of(
                        new GatewayTools.Exposure(
                                "mcp",
                                "mcp_",
                                Map.of(),
                                Optional.of("promise:read"),
                                Set.of(),
                                Set.of("erase"),
                                TIMEOUT),
                        new GatewayTools.Exposure(
                                "mcpadmin",
                                "mcpadmin_",
                                Map.of(),
                                Optional.of("promise:write"),
                                Set.of("erase"),
                                Set.of(),
                                TIMEOUT)));
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

    /** How often the upstream's {@code erase} ran. */
    int erased() {
        return erased.get();
    }

    private List<Tool<?, ?>> tools() {
        return List.of(
                Tool.builder("echo", Stage.Text.class, Stage.Text.class)
                        .description("Says the text back")
                        .handler((input, context) -> ToolResult.of(input))
                        .build(),
                Tool.builder("erase", Stage.Id.class, Stage.Text.class)
                        .description("Erases an item")
                        .handler((input, context) -> {
                            erased.incrementAndGet();
                            return ToolResult.of(new Stage.Text("erased " + input.id()));
                        })
                        .build(),
                Tool.builder("fail", Stage.Text.class, Stage.Text.class)
                        .description("Fails on the upstream's side")
                        .handler((input, context) -> {
                            throw new IllegalStateException("the upstream tool fails on purpose");
                        })
                        .build());
    }

    @Override
    public synchronized void close() {
        if (upstreams != null) {
            upstreams.close();
        }
        http.close();
        server.close();
    }
}
