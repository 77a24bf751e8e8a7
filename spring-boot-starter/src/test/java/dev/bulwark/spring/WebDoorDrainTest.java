package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpTool;
import dev.bulwark.http.edge.JsonRpcErrors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
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
 * The drain of the servlet door: readiness refuses traffic, new MCP requests get 503, a call in flight that ends
 * within the grace is answered, one still running when it ends is answered as cut off.
 */
@SpringBootTest(
        classes = WebDoorDrainTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bulwark.transport=web")
@DirtiesContext // the test drains the door
class WebDoorDrainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final CountDownLatch STARTED = new CountDownLatch(2);
    private static final CountDownLatch RELEASE_QUICK = new CountDownLatch(1);
    private static final CountDownLatch RELEASE_NEVER = new CountDownLatch(1);

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
                    .csrf(csrf -> csrf.ignoringRequestMatchers("/mcp"))
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("ada")
                    .password("{noop}secret")
                    .authorities("ROLE_USER")
                    .build());
        }
    }

    public static class Tools {
        @McpTool(description = "Waits until the test releases it", timeout = "2m")
        public String quick() throws InterruptedException {
            STARTED.countDown();
            RELEASE_QUICK.await(60, TimeUnit.SECONDS);
            return "released";
        }

        @McpTool(description = "Waits until the test ends", timeout = "2m")
        public String stuck() throws InterruptedException {
            STARTED.countDown();
            RELEASE_NEVER.await(60, TimeUnit.SECONDS);
            return "too late";
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Autowired
    ApplicationContext context;

    @Autowired
    ServletRegistrationBean<McpServlet> door;

    @Autowired
    ApplicationAvailability availability;

    @Test
    void readinessRefusesNewRequestsGet503AndCallsInFlightEndAnsweredOrCutOff() throws Exception {
        CompletableFuture<HttpResponse<String>> quick = call("quick");
        CompletableFuture<HttpResponse<String>> stuck = call("stuck");
        assertThat(STARTED.await(30, TimeUnit.SECONDS)).as("both calls run").isTrue();
        // a grace long enough for the test to release the quick call once the drain has begun
        BulwarkWebLifecycle lifecycle =
                new BulwarkWebLifecycle(bulwark, door.getServlet(), context, Duration.ZERO, Duration.ofSeconds(5));
        lifecycle.start();
        CompletableFuture<Void> draining = CompletableFuture.runAsync(lifecycle::stop);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status;
            do { // until the drain has begun: a new request then gets 503
                status = post(LIST_TOOLS).get(30, TimeUnit.SECONDS).statusCode();
            } while (status != 503 && System.nanoTime() < deadline);
            assertThat(status).as("a new request while draining").isEqualTo(503);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

            RELEASE_QUICK.countDown();
            HttpResponse<String> answered = quick.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("released");

            HttpResponse<String> cutOff = stuck.get(30, TimeUnit.SECONDS);
            assertThat(cutOff.statusCode()).isEqualTo(200);
            JsonNode error = JSON.readTree(cutOff.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(JsonRpcErrors.SERVER_UNAVAILABLE);
            assertThat(error.path("message").asText()).isEqualTo(JsonRpcErrors.CUT_OFF);
            draining.get(30, TimeUnit.SECONDS);
            assertThat(door.getServlet().inFlight()).isZero();
        } finally {
            RELEASE_QUICK.countDown();
            RELEASE_NEVER.countDown();
        }
    }

    private CompletableFuture<HttpResponse<String>> call(String tool) {
        return post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}");
    }

    private CompletableFuture<HttpResponse<String>> post(String body) {
        return CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + "/mcp"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", "2025-11-25")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("ada:secret".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
