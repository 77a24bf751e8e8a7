package dev.bulwark.core.presentation.server;

import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.error.BulwarkException;
import dev.bulwark.core.presentation.pipeline.ToolInvocation;
import dev.bulwark.core.presentation.pipeline.ToolPipeline;
import dev.bulwark.core.presentation.tool.CallContext;
import dev.bulwark.core.presentation.tool.Prompt;
import dev.bulwark.core.presentation.tool.Resource;
import dev.bulwark.core.presentation.tool.ServerFeatures;
import dev.bulwark.core.presentation.tool.Tool;
import dev.bulwark.ports.security.Principal;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds MCP SDK servers (the sync API) from Bulwark's {@link ServerFeatures}, for whichever transport it is handed:
 * a single-session provider (stdio), a Streamable HTTP provider, or a stateless HTTP transport. Every tool call is
 * routed through the {@link ToolPipeline}; resource reads and prompt requests get a request id in the MDC and safe
 * error messages. The SDK's own input validation is switched off because the pipeline validates with field-level
 * messages. Thread-safe; each {@code serve} call builds a new server.
 */
public final class McpServerAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(McpServerAssembler.class);

    private final ServerSettings server;
    private final ServerFeatures features;
    private final ToolPipeline pipeline;
    private final McpJsonMapper jsonMapper;
    private final Principal defaultPrincipal;

    /**
     * @param server the name and version the server reports
     * @param features the tools, resources and prompts to serve
     * @param pipeline the pipeline every tool call runs through
     * @param jsonMapper the SDK JSON mapper
     * @param defaultPrincipal the caller when the transport names none (stdio: the local operator)
     */
    public McpServerAssembler(
            ServerSettings server, ServerFeatures features, ToolPipeline pipeline, McpJsonMapper jsonMapper,
            Principal defaultPrincipal) {
        this.server = Objects.requireNonNull(server, "server");
        this.features = Objects.requireNonNull(features, "features");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.defaultPrincipal = Objects.requireNonNull(defaultPrincipal, "defaultPrincipal");
    }

    /** A server over a single-session transport such as stdio. */
    public McpSyncServer serve(McpServerTransportProvider transport) {
        return configure(McpServer.sync(transport)).build();
    }

    /** A server over a Streamable HTTP transport with sessions. */
    public McpSyncServer serve(McpStreamableServerTransportProvider transport) {
        return configure(McpServer.sync(transport)).build();
    }

    /** A server over a stateless HTTP transport: no sessions, so no progress or client log messages. */
    public McpStatelessSyncServer serveStateless(McpStatelessServerTransport transport) {
        return McpServer.sync(transport)
                .serverInfo(server.name(), server.version())
                .capabilities(capabilities())
                .jsonMapper(jsonMapper)
                .validateToolInputs(false)
                .tools(features.tools().stream().map(this::statelessToolSpec).toList())
                .resources(features.resources().stream().map(this::statelessResourceSpec).toList())
                .prompts(features.prompts().stream().map(this::statelessPromptSpec).toList())
                .build();
    }

    private McpServer.SyncSpecification<?> configure(McpServer.SyncSpecification<?> spec) {
        return spec.serverInfo(server.name(), server.version())
                .capabilities(capabilities())
                .jsonMapper(jsonMapper)
                .validateToolInputs(false)
                .tools(features.tools().stream().map(this::toolSpec).toList())
                .resources(features.resources().stream().map(this::resourceSpec).toList())
                .prompts(features.prompts().stream().map(this::promptSpec).toList());
    }

    private McpSchema.ServerCapabilities capabilities() {
        var builder = McpSchema.ServerCapabilities.builder().tools(false).logging();
        if (!features.resources().isEmpty()) {
            builder.resources(false, false);
        }
        if (!features.prompts().isEmpty()) {
            builder.prompts(false);
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
        CallContext context = new McpCallContext(
                principalOf(transportContext),
                RequestIds.choose(request.meta(), valueOf(transportContext, TransportContextKeys.REQUEST_ID)),
                tool.name(),
                exchange,
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
        CallContext context = new McpCallContext(principalOf(transportContext),
                RequestIds.choose(request.meta(), valueOf(transportContext, TransportContextKeys.REQUEST_ID)),
                resource.uri(), exchange, null);
        String text = guarded(context, "resource " + resource.uri(), () -> resource.reader().read(context));
        return new McpSchema.ReadResourceResult(List.of(
                McpSchema.TextResourceContents.builder(resource.uri(), text).mimeType(resource.mimeType()).build()),
                null);
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
        CallContext context = new McpCallContext(principalOf(transportContext),
                RequestIds.choose(request.meta(), valueOf(transportContext, TransportContextKeys.REQUEST_ID)),
                prompt.name(), exchange, null);
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
        String text = guarded(context, "prompt " + prompt.name(), () -> prompt.renderer().render(arguments, context));
        return new McpSchema.GetPromptResult(prompt.description(), List.of(new McpSchema.PromptMessage(
                McpSchema.Role.USER, McpSchema.TextContent.builder(text).build())), null);
    }

    // ---- shared

    private Principal principalOf(McpTransportContext context) {
        return valueOf(context, TransportContextKeys.PRINCIPAL) instanceof Principal principal
                ? principal
                : defaultPrincipal;
    }

    private static Object valueOf(McpTransportContext context, String key) {
        return context == null ? null : context.get(key);
    }

    /** Runs a resource or prompt handler with the request id in the MDC, mapping failures to safe MCP errors. */
    private static String guarded(CallContext context, String what, Callable<String> work) {
        var previous = MDC.getCopyOfContextMap();
        MDC.put("request_id", context.requestId());
        try {
            String text = work.call();
            if (text == null) {
                throw new IllegalStateException(what + " produced no text");
            }
            return text;
        } catch (BulwarkException known) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(known.getMessage()).build();
        } catch (Exception e) {
            LOG.error("Serving {} failed", what, e);
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
