package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.http.auth.ApiKeys;
import dev.bulwark.http.auth.GeneratedApiKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an application's console shows of Bulwark's calls, as Spring Boot's own logging writes it: one complete audit
 * line per call in the default text format and in each structured format, and no credential at any level.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterLoggingTest {

    static final GeneratedApiKey KEY = ApiKeys.generate("audit-alice", Set.of());
    static final int CALLS = 5;

    /**
     * The system property Spring Boot's logging sets from {@code logging.structured.format.console}: it outlives the
     * context in this JVM, and would make the next context's text format structured.
     */
    static final String STRUCTURED_FORMAT = "CONSOLE_LOG_STRUCTURED_FORMAT";

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    @AfterEach
    void forgetTheStructuredFormat() {
        System.clearProperty(STRUCTURED_FORMAT);
    }

    record Echo(String text) {}

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(BulwarkAutoConfiguration.class)
    static class Application {
        @Bean
        ApiKeys apiKeys() {
            return new ApiKeys(List.of(KEY.entry()));
        }

        @Bean
        Tool<Echo, Echo> echo() {
            return Tool.builder("echo", Echo.class, Echo.class)
                    .description("Echoes its text")
                    .handler((input, context) -> ToolResult.of(input))
                    .build();
        }
    }

    @Test
    void theDefaultTextFormatShowsEachAuditLinesFields(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            callEcho(context, CALLS);
            List<String> lines = await(() -> auditLines(output.getOut()), CALLS);
            assertThat(lines)
                    .hasSize(CALLS)
                    .allSatisfy(line -> assertThat(line)
                            .contains(
                                    "principal=audit-alice",
                                    "kind=tool",
                                    "tool=echo",
                                    "outcome=success",
                                    "error_type=none",
                                    "duration_ms=",
                                    "request_id=",
                                    "protocol_era=2025-11-25"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash", "gelf"})
    void eachStructuredFormatWritesOneCompleteAuditLinePerCall(String format, CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = start("logging.structured.format.console=" + format)) {
            callEcho(context, CALLS);
            List<JsonNode> lines = await(() -> structuredAuditLines(output.getOut(), format), CALLS);
            String prefix = format.equals("gelf") ? "_" : "";
            assertThat(lines).hasSize(CALLS).allSatisfy(line -> {
                assertThat(line.path(prefix + "principal").asText()).isEqualTo("audit-alice");
                assertThat(line.path(prefix + "kind").asText()).isEqualTo("tool");
                assertThat(line.path(prefix + "tool").asText()).isEqualTo("echo");
                assertThat(line.path(prefix + "outcome").asText()).isEqualTo("success");
                assertThat(line.path(prefix + "error_type").asText()).isEqualTo("none");
                assertThat(line.path(prefix + "request_id").asText()).isNotBlank();
                assertThat(line.path(prefix + "protocol_era").asText()).isEqualTo("2025-11-25");
                assertThat(line.has(prefix + "duration_ms")).isTrue();
            });
            assertThat(output.getAll()).doesNotContain("has already been written");
        }
    }

    @Test
    void noCredentialReachesTheLogWithTheRootLoggerAtDebug(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context =
                start("logging.level.root=DEBUG", "logging.level.org.eclipse.jetty.http=TRACE")) {
            int port = context.getBean(BulwarkHttpLifecycle.class).port();
            assertThat(call(port, Map.of("X-API-Key", KEY.key())).statusCode()).isEqualTo(200);
            assertThat(call(port, Map.of("Authorization", "Bearer " + KEY.key()))
                            .statusCode())
                    .isEqualTo(200);
            await(() -> auditLines(output.getOut()), 2);
            assertThat(output.getAll()).contains(" DEBUG ").doesNotContain(KEY.key());
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "bulwark.http.port=0",
                "bulwark.http.management-port=0",
                "bulwark.http.mode=stateless",
                "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run();
    }

    private static void callEcho(ConfigurableApplicationContext context, int times) throws Exception {
        int port = context.getBean(BulwarkHttpLifecycle.class).port();
        for (int i = 0; i < times; i++) {
            assertThat(call(port, Map.of("X-API-Key", KEY.key())).statusCode()).isEqualTo(200);
        }
    }

    static HttpResponse<String> call(int port, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}"));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> auditLines(String output) {
        return output.lines().filter(line -> line.contains("call audit")).toList();
    }

    private List<JsonNode> structuredAuditLines(String output, String format) {
        String messageField = format.equals("gelf") ? "short_message" : "message";
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode node = json.readTree(line);
                if (node.path(messageField).asText().startsWith("call audit")) {
                    lines.add(node);
                }
            } catch (Exception notJson) {
                // a line that is not one JSON object is not a structured line
            }
        }
        return lines;
    }

    /** What {@code lines} gives once it holds {@code count} entries; fails with what it held after a generous bound. */
    private static <T> List<T> await(Supplier<List<T>> lines, int count) {
        List<List<T>> found = new ArrayList<>(List.of(List.of()));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            found.set(0, lines.get());
            assertThat(found.get(0)).hasSizeGreaterThanOrEqualTo(count);
        });
        return found.get(0);
    }
}
