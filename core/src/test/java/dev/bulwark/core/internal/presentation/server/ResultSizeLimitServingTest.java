package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Content;
import dev.bulwark.core.Prompt;
import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.core.config.ServerSettings;
import dev.bulwark.core.internal.presentation.pipeline.ResultSizeLimit;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resources and prompts larger than {@code limits.max-result-size} are refused with an error saying so. */
class ResultSizeLimitServingTest {

    /** Stateless requests name their caller, as an HTTP transport does. */
    private static final McpTransportContext OPERATOR_CONTEXT = McpTransportContext.create(
            RequestOrigin.of(Principal.of("operator", "*")).asContext());

    private static final long LIMIT = 1000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(mapper);
    private final CapturingTransport transport = new CapturingTransport();
    private McpStatelessAsyncServer server;

    @BeforeEach
    void start() {
        ServerFeatures features = ServerFeatures.builder()
                .resource(new Resource("test://big", "big", "Too large", "text/plain", context -> "x".repeat(2000)))
                .resource(new Resource("test://small", "small", "Fits", "text/plain", context -> "x".repeat(200)))
                .resourceTemplate(new ResourceTemplate(
                        "pages://{n}",
                        "page",
                        "A page",
                        "text/plain",
                        (uri, variables, context) -> "y".repeat(Integer.parseInt(variables.get("n")))))
                .prompt(Prompt.withMessages(
                        "long",
                        "A long prompt",
                        List.of(),
                        (arguments, context) -> List.of(Prompt.Message.user(Content.text("z".repeat(2000))))))
                .build();
        server = new McpServerAssembler(
                        ServerSettings.defaults(), features, TestPipelines.mappingErrors(mapper), jsonMapper)
                .withResultSizeLimit(ResultSizeLimit.of(LIMIT, mapper))
                .serveStateless(transport);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private McpSchema.JSONRPCResponse request(String method, Map<String, Object> params) {
        McpSchema.JSONRPCResponse response = transport
                .handler
                .handleRequest(OPERATOR_CONTEXT, new McpSchema.JSONRPCRequest("2.0", method, 1, params))
                .block(Duration.ofSeconds(30));
        assertThat(response).isNotNull();
        return response;
    }

    @Test
    void resourceOverTheLimitIsAnErrorSayingItsSizeAndTheLimit() {
        var response = request(McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "test://big"));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().code()).isEqualTo(McpSchema.ErrorCodes.INTERNAL_ERROR);
        assertThat(response.error().message())
                .startsWith("The result of resource 'test://big' is ")
                .contains("over the server's limit of 1000 bytes (limits.max-result-size)");
    }

    @Test
    void resourceWithinTheLimitIsRead() {
        var response = request(McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "test://small"));

        assertThat(response.error()).isNull();
    }

    @Test
    void templateResourceOverTheLimitIsAnErrorNamingItsUri() {
        var response = request(McpSchema.METHOD_RESOURCES_READ, Map.of("uri", "pages://5000"));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().message()).startsWith("The result of resource 'pages://5000' is ");
    }

    @Test
    void promptOverTheLimitIsAnErrorNamingIt() {
        var response = request(McpSchema.METHOD_PROMPT_GET, Map.of("name", "long"));

        assertThat(response.error()).isNotNull();
        assertThat(response.error().message()).startsWith("The result of prompt 'long' is ");
    }
}
