package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Completion;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.TestPipelines;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resources, resource templates, prompts and their completions that declare scopes refuse callers without them. */
class ResourceAndPromptScopesTest {

    private static final Principal READER = Principal.of("reader", "docs:read");
    private static final Principal NOBODY = Principal.of("nobody");

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final CapturingTransport transport = new CapturingTransport();
    private final AtomicInteger reads = new AtomicInteger();
    private McpStatelessAsyncServer server;

    @BeforeEach
    void start() {
        ServerFeatures features = ServerFeatures.builder()
                .resource(new Resource("docs://secret", "secret", "Needs docs:read", "text/plain", context -> {
                            reads.incrementAndGet();
                            return "the secret";
                        })
                        .withRequiredScopes("docs:read"))
                .resource(new Resource("docs://open", "open", "For everyone", "text/plain", context -> "open"))
                .resourceTemplate(new ResourceTemplate(
                                "notes://{id}", "note", "Needs docs:read", "text/plain", (uri, variables, context) -> {
                                    reads.incrementAndGet();
                                    return "note " + variables.get("id");
                                })
                        .withRequiredScopes("docs:read"))
                .prompt(new Prompt(
                                "briefing",
                                "Needs docs:read",
                                List.of(new Prompt.Argument("topic", "t", true)),
                                (arguments, context) -> {
                                    reads.incrementAndGet();
                                    return "brief me on " + arguments.get("topic");
                                })
                        .withRequiredScopes("docs:read"))
                .completion(Completion.forPrompt("briefing", (request, context) -> {
                    reads.incrementAndGet();
                    return List.of("merger plans");
                }))
                .completion(Completion.forResourceTemplate("notes://{id}", (request, context) -> {
                    reads.incrementAndGet();
                    return List.of("42");
                }))
                .build();
        server = new McpServerAssembler(
                        ServerSettings.defaults(), features, TestPipelines.mappingErrors(mapper), jsonMapper)
                .withToolListFilter(true)
                .serveStateless(transport);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private McpSchema.JSONRPCResponse request(Principal caller, String method, Map<String, Object> params) {
        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(
                        McpTransportContext.create(RequestOrigin.of(caller).asContext()),
                        new McpSchema.JSONRPCRequest("2.0", method, 1, params))
                .block(Duration.ofSeconds(30));
        assertThat(response).isNotNull();
        return response;
    }

    @Test
    void theStatelessListsShowACallerOnlyTheResourcesAndTemplatesItMayRead() {
        McpSchema.JSONRPCResponse resources = request(Principal.of("bob"), "resources/list", Map.of());
        McpSchema.JSONRPCResponse templates = request(Principal.of("bob"), "resources/templates/list", Map.of());

        assertThat(((McpSchema.ListResourcesResult) resources.result()).resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactly("docs://open");
        assertThat(((McpSchema.ListResourceTemplatesResult) templates.result()).resourceTemplates())
                .isEmpty();
    }

    @Test
    void theStatelessListsShowACallerWithTheScopeEveryResourceAndTemplate() {
        McpSchema.JSONRPCResponse resources = request(Principal.of("carol", "docs:read"), "resources/list", Map.of());
        McpSchema.JSONRPCResponse templates =
                request(Principal.of("carol", "docs:read"), "resources/templates/list", Map.of());

        assertThat(((McpSchema.ListResourcesResult) resources.result()).resources())
                .extracting(McpSchema.Resource::uri)
                .containsExactly("docs://secret", "docs://open");
        assertThat(((McpSchema.ListResourceTemplatesResult) templates.result()).resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("notes://{id}");
    }

    @Test
    void resourceIsRefusedToACallerWithoutItsScopeWithoutBeingRead() {
        var response = request(NOBODY, McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "docs://secret"));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(response.error().message())
                .isEqualTo("Permission denied: resource 'docs://secret' requires"
                        + " scope(s) [docs:read] that the caller does not hold.");
        assertThat(reads).hasValue(0);
    }

    @Test
    void resourceIsReadByACallerWithItsScope() {
        var response = request(READER, McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "docs://secret"));

        assertThat(response.error()).isNull();
        assertThat(reads).hasValue(1);
    }

    @Test
    void resourceWithoutScopesIsReadByAnyCaller() {
        var response = request(NOBODY, McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "docs://open"));

        assertThat(response.error()).isNull();
    }

    @Test
    void templateResourceIsRefusedToACallerWithoutItsScope() {
        var response = request(NOBODY, McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "notes://7"));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().message()).startsWith("Permission denied: resource 'notes://7' requires");
        assertThat(reads).hasValue(0);
    }

    @Test
    void promptIsRefusedToACallerWithoutItsScopeBeforeItsArgumentsAreChecked() {
        var response = request(NOBODY, McpSchema.METHOD_PROMPT_GET, Map.of("name", "briefing"));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().message()).startsWith("Permission denied: prompt 'briefing' requires");
        assertThat(reads).hasValue(0);
    }

    @Test
    void promptIsRenderedForACallerWithItsScope() {
        var response = request(
                READER, McpSchema.METHOD_PROMPT_GET, Map.of("name", "briefing", "arguments", Map.of("topic", "q3")));

        assertThat(response.error()).isNull();
    }

    @Test
    void completionOfAPromptIsRefusedToACallerWithoutThePromptsScope() {
        var response = request(
                NOBODY,
                McpSchema.METHOD_COMPLETION_COMPLETE,
                Map.of(
                        "ref", Map.of("type", "ref/prompt", "name", "briefing"),
                        "argument", Map.of("name", "topic", "value", "m")));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().message()).startsWith("Permission denied: prompt 'briefing' requires");
        assertThat(reads).hasValue(0);
    }

    @Test
    void completionOfATemplateIsRefusedToACallerWithoutTheTemplatesScope() {
        var response = request(
                NOBODY,
                McpSchema.METHOD_COMPLETION_COMPLETE,
                Map.of(
                        "ref", Map.of("type", "ref/resource", "uri", "notes://{id}"),
                        "argument", Map.of("name", "id", "value", "4")));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().message())
                .startsWith("Permission denied: resource template 'notes://{id}' requires");
        assertThat(reads).hasValue(0);
    }

    @Test
    void completionIsAnsweredForACallerWithTheScope() {
        var response = request(
                READER,
                McpSchema.METHOD_COMPLETION_COMPLETE,
                Map.of(
                        "ref", Map.of("type", "ref/prompt", "name", "briefing"),
                        "argument", Map.of("name", "topic", "value", "m")));

        assertThat(response.error()).isNull();
    }

    @Test
    void aBlankRequiredScopeIsRefusedWhenDeclared() {
        Resource resource = new Resource("docs://x", "x", "x", "text/plain", context -> "x");

        assertThatThrownBy(() -> resource.withRequiredScopes(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a required scope of resource 'docs://x' is blank; name each scope, such as docs:read");
    }
}
