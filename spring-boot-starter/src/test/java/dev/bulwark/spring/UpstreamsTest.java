package dev.bulwark.spring;

import static dev.bulwark.spring.McpBasicAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application that fronts an upstream MCP server with {@code bulwark.upstreams.search.*}: its tool is listed and
 * called at {@code /mcp} through the whole pipeline (scope, audit line), the upstream is a health component and has
 * its meters in the application's registry, and a named endpoint that names the upstream serves its tools as the
 * upstream's list changes. The upstream is a small MCP server of the test's own over Streamable HTTP on loopback.
 */
@SpringBootTest(
        classes = UpstreamsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.http.mode=stateful",
            "bulwark.upstreams.search.transport=http",
            "bulwark.upstreams.search.scope=upstream:search",
            "bulwark.upstreams.search.timeout=20s",
            "bulwark.upstreams.search.task-support=optional",
            "bulwark.endpoints.external.path=/external/mcp",
            "bulwark.endpoints.external.upstreams=search",
            "bulwark.endpoints.external.http.mode=stateful"
        })
@DirtiesContext // the tests change the upstream's tools
class UpstreamsTest {

    /** The upstream: {@code echo} at first; a test adds {@code lookup}. */
    private static final Bulwark UPSTREAM = Bulwark.builder(BulwarkConfig.defaults())
            .meterRegistry(new SimpleMeterRegistry())
            .tool(tool("echo", "Says the text back", "echo "))
            .build();

    private static final BulwarkHttp UPSTREAM_HTTP =
            BulwarkHttp.builder(UPSTREAM).port(0).managementPort(0).start();

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry properties) {
        properties.add("bulwark.upstreams.search.url", () -> "http://127.0.0.1:" + UPSTREAM_HTTP.port() + "/mcp");
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM_HTTP.close();
        UPSTREAM.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(McpBasicAuth.class)
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ada")
                            .password("{noop}secret")
                            .authorities("SCOPE_upstream:search")
                            .build(),
                    User.withUsername("bob")
                            .password("{noop}secret")
                            .authorities("SCOPE_tools:read")
                            .build());
        }
    }

    public static class Tools {
        @McpTool(description = "Searches the catalogue", readOnly = true)
        public String search(String query) {
            return "found " + query;
        }
    }

    /** The upstream tools' argument and answer. */
    public record Text(String text) {}

    @Autowired
    Environment environment;

    @Autowired
    ApplicationContext context;

    @Autowired
    Bulwark bulwark;

    @Autowired
    MeterRegistry meters;

    @Test
    void theUpstreamsToolIsListedAndCalledAtTheApplicationsEndpointScopedAndAudited() {
        try (McpSyncClient ada = client("/mcp", "ada");
                WebDoorAuthTesting.Audit audit = WebDoorAuthTesting.audit()) {
            ada.initialize();

            assertThat(names(ada.listTools().tools())).contains("search_echo", "search");
            McpSchema.CallToolResult answer =
                    ada.callTool(new McpSchema.CallToolRequest("search_echo", Map.of("text", "lamps")));

            assertThat(answer.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(text(answer)).contains("echo lamps");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> audit.lines().stream()
                            .anyMatch(line -> line.contains("search_echo") && line.contains("upstream=search")));
        }
    }

    @Test
    void theUpstreamsTaskSupportReachesItsToolsThoughTheyJoinOnceTheApplicationRuns() {
        // the upstream connects as the application starts, after the server is built with no tool taking tasks
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bulwark.catalogue().tool("search_echo").isPresent());

        assertThat(bulwark.catalogue().tool("search_echo").orElseThrow().taskSupport())
                .isEqualTo(Tool.TaskSupport.OPTIONAL);
    }

    @Test
    void aCallerWithoutTheUpstreamsScopeIsRefusedNamingIt() {
        try (McpSyncClient bob = client("/mcp", "bob")) {
            bob.initialize();

            McpSchema.CallToolResult answer =
                    bob.callTool(new McpSchema.CallToolRequest("search_echo", Map.of("text", "lamps")));

            assertThat(answer.isError()).isTrue();
            assertThat(text(answer)).contains("upstream:search").doesNotContain("echo lamps");
        }
    }

    @Test
    void theUpstreamIsAHealthComponentAndHasItsMetersInTheApplicationsRegistry() {
        CompositeHealthContributor upstreams =
                context.getBean("bulwarkUpstreamsHealthContributor", CompositeHealthContributor.class);
        Health health = ((HealthIndicator) upstreams.getContributor("search")).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("status", "up");
        assertThat(bulwark.health().check().components())
                .anySatisfy(component -> assertThat(component.name()).isEqualTo("upstream:search"));
        assertThat(meters.get("bulwark.upstream.connected")
                        .tag("upstream", "search")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
    }

    @Test
    void aNamedEndpointNamingTheUpstreamServesItsToolsAsTheUpstreamsListChanges() {
        try (McpSyncClient ada = client("/external/mcp", "ada")) {
            ada.initialize();
            assertThat(names(ada.listTools().tools())).contains("search_echo").doesNotContain("search");

            UPSTREAM.catalogue().add(tool("lookup", "Looks the text up", "looked up "));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> names(ada.listTools().tools()).contains("search_lookup"));
            McpSchema.CallToolResult answer =
                    ada.callTool(new McpSchema.CallToolRequest("search_lookup", Map.of("text", "lamps")));
            assertThat(text(answer)).contains("looked up lamps");
        }
    }

    private static Tool<Text, Text> tool(String name, String description, String answer) {
        return Tool.builder(name, Text.class, Text.class)
                .description(description)
                .readOnly(true)
                .handler((input, context) -> ToolResult.of(new Text(answer + input.text())))
                .build();
    }

    private static List<String> names(List<McpSchema.Tool> tools) {
        return tools.stream().map(McpSchema.Tool::name).toList();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text())
                .findFirst()
                .orElse(String.valueOf(result));
    }

    private McpSyncClient client(String path, String user) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"))
                .endpoint(path)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", basic(user)))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    }
}
