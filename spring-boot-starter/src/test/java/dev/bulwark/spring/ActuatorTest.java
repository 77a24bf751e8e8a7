package dev.bulwark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.McpTool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The starter in an application with Actuator, Spring MVC on Tomcat and the Prometheus registry, over HTTP as an
 * orchestrator and a scraper see it: {@code /actuator/health/readiness} is UP with {@code bulwark} in it, and turns
 * OUT_OF_SERVICE (503) while Bulwark drains though Spring's own readiness state still accepts traffic (the default
 * probe group hides its members, so the status shows the membership); Bulwark's meters are on
 * {@code /actuator/prometheus}.
 */
@SpringBootTest(
        classes = ActuatorTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bulwark.transport=http",
            "bulwark.http.port=0",
            "bulwark.http.management-port=0",
            "bulwark.http.mode=stateless",
            "management.endpoints.web.exposure.include=health,prometheus",
            "management.endpoint.health.probes.enabled=true",
            "management.endpoint.health.show-components=always"
        })
@DirtiesContext // the test drains Bulwark
class ActuatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
        @Bean
        GreetTools greetTools() {
            return new GreetTools();
        }
    }

    public static class GreetTools {
        @McpTool(description = "Greets someone by name", readOnly = true)
        public String greet(String name) {
            return "Hello, " + name + "!";
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    Bulwark bulwark;

    @Autowired
    BulwarkHttpLifecycle http;

    @Autowired
    ApplicationAvailability availability;

    @Test
    void readinessHoldsBulwarkUpThenOutOfServiceWhileDrainingAndPrometheusShowsItsToolCalls() throws Exception {
        HttpResponse<String> ready = actuator("/actuator/health/readiness");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> health = actuator("/actuator/health");
        assertThat(JSON.readTree(health.body())
                        .path("components")
                        .path("bulwark")
                        .path("status")
                        .asText())
                .as(health.body())
                .isEqualTo("UP");

        HttpResponse<String> called = callGreet();
        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        assertThat(called.body()).contains("Hello, Ada!");
        HttpResponse<String> scraped = actuator("/actuator/prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).containsPattern("(?m)^mcp_tool_calls_total\\{[^}]*tool=\"greet\"[^}]*} 1\\.0$");

        bulwark.health().startDraining();
        HttpResponse<String> draining = actuator("/actuator/health/readiness");
        assertThat(draining.statusCode()).as(draining.body()).isEqualTo(503);
        assertThat(JSON.readTree(draining.body()).path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        // Spring's own readiness still accepts traffic: the group's OUT_OF_SERVICE is Bulwark's, its member
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
    }

    private HttpResponse<String> actuator(String path) throws IOException, InterruptedException {
        String port = environment.getRequiredProperty("local.server.port");
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> callGreet() throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/mcp"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("MCP-Protocol-Version", "2025-11-25")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                                + "\"tools/call\",\"params\":{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
