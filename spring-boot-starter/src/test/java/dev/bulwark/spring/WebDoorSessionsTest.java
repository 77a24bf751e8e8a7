package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.CallContext;
import dev.bulwark.core.McpTool;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The servlet door in the stateful mode ({@code bulwark.http.mode=stateful}) on the application's own port (Tomcat):
 * a session issued at {@code initialize}, its GET event stream, resumption with {@code Last-Event-ID}, DELETE, and
 * 404 for a session that is not live. An idle GET stream gets a keep-alive comment every half second; the tests change
 * the application's tools to give it events to carry.
 */
@SpringBootTest(
        classes = WebDoorSessionsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.http.path=" + WebDoorSessionsTest.PATH,
            "bulwark.http.mode=stateful",
            "bulwark.http.idle-timeout=1s",
            "bulwark.http.max-sessions-per-caller=50"
        })
@DirtiesContext // an open context keeps Spring Boot from setting up logging for the next application in this JVM
class WebDoorSessionsTest {

    static final String PATH = "/mcp";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableWebSecurity
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(csrf -> csrf.ignoringRequestMatchers(PATH))
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ada")
                            .password("{noop}secret")
                            .authorities("SCOPE_orders:read")
                            .build(),
                    User.withUsername("bob")
                            .password("{noop}secret")
                            .authorities("ROLE_USER")
                            .build());
        }
    }

    public static class Tools {
        @McpTool(description = "Says who is calling", readOnly = true)
        public String whoami(CallContext context) {
            return "caller " + context.principal().subject();
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Autowired
    ServletWebServerApplicationContext context;

    /** The servlet container the application runs on, as its web server's class name starts. */
    String container() {
        return "Tomcat";
    }

    @Test
    void theApplicationsOwnServletContainerServesIt() {
        assertThat(context.getWebServer().getClass().getSimpleName()).startsWith(container());
    }

    @Test
    void aSessionClientOfTheSdkCallsAToolInItsSession() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base())
                .endpoint(PATH)
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", basic("ada")))
                .build();
        try (McpSyncClient client =
                McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
            client.initialize();
            McpSchema.CallToolResult who = client.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));

            assertThat(((McpSchema.TextContent) who.content().get(0)).text()).isEqualTo("caller ada");
        }
    }

    @Test
    void initializeIssuesASessionThatLaterRequestsUse() throws Exception {
        HttpResponse<String> started = post(INITIALIZE, Map.of());

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String session = started.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(JSON.readTree(started.body())
                        .path("result")
                        .path("protocolVersion")
                        .asText())
                .isEqualTo("2025-11-25");

        HttpResponse<String> called = post(call("whoami"), Map.of("Mcp-Session-Id", session));
        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        assertThat(called.headers().firstValue("Content-Type"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("text/event-stream"));
        JsonNode answer = JSON.readTree(lastData(called.body()));
        assertThat(answer.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("caller ada");
    }

    @Test
    void anUnknownToolIsAnsweredInBandWithInvalidParamsAndTheSessionGoesOn() throws Exception {
        String session = startSession();
        Map<String, String> inSession = Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");

        HttpResponse<String> refused = post(call("no_such_tool"), inSession);
        HttpResponse<String> next = post(call("whoami"), inSession);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("application/json"));
        JsonNode answer = JSON.readTree(refused.body());
        assertThat(answer.path("id").asInt()).isEqualTo(2);
        assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(answer.path("error").path("message").asText())
                .isEqualTo("Unknown tool 'no_such_tool': call tools/list to see the tools you can call");
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(JSON.readTree(lastData(next.body()))
                        .path("result")
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("caller ada");
    }

    @Test
    void aBodyThatIsNotJsonIsAParseErrorAndJsonThatIsNotAMessageIsAnInvalidRequest() throws Exception {
        String session = startSession();

        HttpResponse<String> notJson = post("{\"jsonrpc\":", Map.of("Mcp-Session-Id", session));
        HttpResponse<String> notAMessage = post("[1,2]", Map.of("Mcp-Session-Id", session));

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("error").path("code").asInt())
                .isEqualTo(-32700);
        assertThat(notAMessage.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAMessage.body()).path("error").path("code").asInt())
                .isEqualTo(-32600);
    }

    @Test
    void aRequestWithoutASessionIsRefusedWith400() throws Exception {
        HttpResponse<String> refused = post(call("whoami"), Map.of());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .contains("Mcp-Session-Id");
    }

    @Test
    void anUnknownSessionIsAnswered404ForEveryMethod() throws Exception {
        Map<String, String> unknown = Map.of("Mcp-Session-Id", "no-such-session");

        assertThat(post(call("whoami"), unknown).statusCode()).isEqualTo(404);
        assertThat(send("GET", unknown).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", unknown).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherCallersSessionIsRefusedWith403() throws Exception {
        String session = startSession();

        HttpResponse<String> refused = send("DELETE", Map.of("Mcp-Session-Id", session, "Authorization", basic("bob")));

        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void anIdleGetStreamGetsCommentsAndNoRequestTheClientMustAnswer() throws Exception {
        String session = startSession();

        try (EventReader events = open(Map.of("Mcp-Session-Id", session))) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.contentType()).startsWith("text/event-stream");
            List<String> lines = new ArrayList<>();
            while (lines.stream().filter(":"::equals).count() < 3
                    && lines.stream().noneMatch(WebDoorSessionsTest::carriesData)) {
                lines.add(events.nextLine());
            }

            assertThat(lines)
                    .as("keep-alive comments, and no ping request whose answer an idle client never sends")
                    .noneMatch(WebDoorSessionsTest::carriesData)
                    .filteredOn(":"::equals)
                    .hasSize(3);
        }
    }

    @Test
    void theGetStreamCarriesWhatTheServerSendsTheSession() throws Exception {
        String session = startSession();

        try (EventReader events = open(Map.of("Mcp-Session-Id", session))) {
            events.next(); // the priming event: the stream is open
            bulwark.catalogue().add(tool("carried"));
            Event changed = events.nextWithData();

            assertThat(JSON.readTree(changed.data()).path("method").asText())
                    .isEqualTo("notifications/tools/list_changed");
            assertThat(changed.id()).isNotBlank();
        }
    }

    @Test
    void aResumedStreamReplaysTheEventsTheClientMissedAndNoKeepAlive() throws Exception {
        String session = startSession();
        String primed;
        List<Event> seen = new ArrayList<>();
        try (EventReader events = open(Map.of("Mcp-Session-Id", session))) {
            primed = events.next().id(); // the priming event: an id and no message
            events.nextComment(); // idle until a keep-alive came
            bulwark.catalogue().add(tool("resumed"));
            seen.add(events.nextWithData());
            bulwark.catalogue().remove("resumed");
            seen.add(events.nextWithData());
        }

        try (EventReader resumed = open(Map.of("Mcp-Session-Id", session, "Last-Event-ID", primed))) {
            assertThat(resumed.status()).isEqualTo(200);
            Event first = resumed.nextWithData();
            Event second = resumed.nextWithData();

            assertThat(List.of(first.id(), second.id()))
                    .as("the keep-alive kept nothing for resumption before them")
                    .containsExactly(seen.get(0).id(), seen.get(1).id());
            assertThat(first.data()).isEqualTo(seen.get(0).data()).contains("notifications/tools/list_changed");
        }
    }

    @Test
    void aLastEventIdThisServerNeverSentIsRefusedWith400() throws Exception {
        String session = startSession();

        HttpResponse<String> refused = send("GET", Map.of("Mcp-Session-Id", session, "Last-Event-ID", "nonsense"));

        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void deleteEndsTheSession() throws Exception {
        String session = startSession();

        HttpResponse<String> deleted = send("DELETE", Map.of("Mcp-Session-Id", session));
        HttpResponse<String> after = post(call("whoami"), Map.of("Mcp-Session-Id", session));

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(404);
    }

    @Test
    void aPreflightAllowsTheSessionMethods() throws Exception {
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(base() + PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "DELETE")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> answer = CLIENT.send(preflight, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, DELETE");
    }

    private String startSession() throws Exception {
        HttpResponse<String> started = post(INITIALIZE, Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String session = started.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of("Mcp-Session-Id", session));
        assertThat(initialized.statusCode()).isEqualTo(202);
        return session;
    }

    private static boolean carriesData(String line) {
        return line.startsWith("data:") && !line.substring(5).isBlank();
    }

    private static Tool<Later, Void> tool(String name) {
        return Tool.builder(name, Later.class, Void.class)
                .description("Added while the application runs")
                .handler((input, context) -> ToolResult.text(name))
                .build();
    }

    /** The arguments of the tools the tests add while the application runs. */
    public record Later(String text) {}

    private static String call(String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    private static String lastData(String events) {
        List<String> data = events.lines()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6))
                .toList();
        assertThat(data).isNotEmpty();
        return data.get(data.size() - 1);
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", basic("ada"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream")
                .header("Authorization", basic("ada"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::setHeader);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private EventReader open(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + PATH))
                .header("Accept", "text/event-stream")
                .header("Authorization", basic("ada"))
                .header("MCP-Protocol-Version", "2025-11-25") // a client of this era expects a priming event
                .GET();
        headers.forEach(request::setHeader);
        return new EventReader(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private String base() {
        return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    }

    /** One server-sent event: its id (empty without one) and its data (empty without any). */
    record Event(String id, String data) {}

    /** Reads the events of one open event stream, one at a time; closing it drops the connection. */
    private static final class EventReader implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BufferedReader lines;

        EventReader(HttpResponse<InputStream> response) {
            this.response = response;
            this.lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next event; a comment alone is not one. */
        Event next() throws Exception {
            String id = "";
            StringBuilder data = new StringBuilder();
            boolean any = false;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (any) {
                        return new Event(id, data.toString());
                    }
                    continue;
                }
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                    any = true;
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                    any = true;
                }
            }
            throw new IllegalStateException("The event stream ended");
        }

        /** The next line of the stream, an event's or a comment's. */
        String nextLine() throws Exception {
            String line = lines.readLine();
            if (line == null) {
                throw new IllegalStateException("The event stream ended");
            }
            return line;
        }

        /** Reads on to the next comment line; fails when the next hundred lines hold none. */
        void nextComment() throws Exception {
            for (int read = 0; read < 100; read++) {
                if (nextLine().equals(":")) {
                    return;
                }
            }
            throw new AssertionError("No comment in the next hundred lines of the event stream");
        }

        /** The next event that carries a message. */
        Event nextWithData() throws Exception {
            Event event;
            do {
                event = next();
            } while (event.data().isEmpty());
            return event;
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }
}
