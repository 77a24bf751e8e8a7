package dev.bulwark.spring;

import dev.bulwark.core.McpTool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;

/**
 * An application with the starter, run by {@link WebDoorWithoutJettyTest} inside a class loader that has neither Jetty
 * nor Prometheus' registry: each method starts it, does one thing and reports what it saw as text.
 */
public final class WithoutJettyApplication {

    private WithoutJettyApplication() {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Tools tools() {
            return new Tools();
        }
    }

    public static class Tools {
        @McpTool(description = "Says hello", readOnly = true)
        public String hello(String name) {
            return "hello " + name;
        }
    }

    /**
     * Starts the application on its own servlet web server with {@code arguments}, calls the tool at {@code /mcp} and
     * answers the status and body of that call, then the meters the application's registry holds of it.
     */
    public static List<String> callOnTheApplicationsPort(String... arguments) throws Exception {
        try (ConfigurableApplicationContext context = start(arguments)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                                    .header("Content-Type", "application/json")
                                    .header("Accept", "application/json, text/event-stream")
                                    .header("MCP-Protocol-Version", "2025-11-25")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,"
                                            + "\"method\":\"tools/call\",\"params\":{\"name\":\"hello\","
                                            + "\"arguments\":{\"name\":\"ada\"}}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            List<String> seen = new ArrayList<>();
            seen.add(response.statusCode() + " " + response.body());
            io.micrometer.core.instrument.MeterRegistry registry =
                    context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            seen.add(registry.getClass().getName());
            registry.getMeters().stream()
                    .map(meter -> meter.getId().getName())
                    .filter(name -> name.startsWith("mcp."))
                    .distinct()
                    .forEach(seen::add);
            return seen;
        }
    }

    /**
     * Starts the application with {@code arguments} (sessions, Bulwark's own API keys), then answers the status of an
     * initialize without a key, and the status and body of each step of a session with {@code key}: initialize, the
     * initialized notification and a call of the tool.
     */
    public static List<String> sessionWithAnApiKey(String key, String... arguments) throws Exception {
        try (ConfigurableApplicationContext context = start(arguments)) {
            String mcp = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) context).getWebServer().getPort() + "/mcp";
            String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
            List<String> seen = new ArrayList<>();
            seen.add(String.valueOf(post(mcp, initialize, List.of()).statusCode()));
            HttpResponse<String> initialized = post(mcp, initialize, List.of("X-API-Key", key));
            seen.add(initialized.statusCode() + " " + initialized.body());
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElse("none");
            List<String> headers =
                    List.of("X-API-Key", key, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
            seen.add(String.valueOf(post(mcp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers)
                    .statusCode()));
            HttpResponse<String> called = post(
                    mcp,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"hello\",\"arguments\":{\"name\":\"ada\"}}}",
                    headers);
            seen.add(called.statusCode() + " " + called.body());
            return seen;
        }
    }

    private static HttpResponse<String> post(String url, String body, List<String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Starts the application without a web server, on Bulwark's standalone port with {@code arguments}, and answers the
     * status and body of a call of the tool there, then of {@code /metrics} on the management port.
     */
    public static List<String> standalonePort(String... arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of("--spring.main.web-application-type=none"));
        all.addAll(List.of(arguments));
        try (ConfigurableApplicationContext context = start(all.toArray(String[]::new))) {
            BulwarkHttpLifecycle http = context.getBean(BulwarkHttpLifecycle.class);
            HttpResponse<String> called = post(
                    "http://127.0.0.1:" + http.port() + "/mcp",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"hello\","
                            + "\"arguments\":{\"name\":\"ada\"}}}",
                    List.of("MCP-Protocol-Version", "2025-11-25"));
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.managementPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return List.of(called.statusCode() + " " + called.body(), metrics.statusCode() + " " + metrics.body());
        }
    }

    /** Starts the application with {@code arguments} and answers the message of what stopped its start. */
    public static String refusal(String... arguments) {
        try (ConfigurableApplicationContext context = start(arguments)) {
            return "started";
        } catch (RuntimeException stopped) {
            return NestedExceptionUtils.getMostSpecificCause(stopped).toString();
        }
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        // The JVM takes one URL stream handler factory, which a Tomcat of the test's own class loader may hold already.
        TomcatURLStreamHandlerFactory.disable();
        List<String> all = new ArrayList<>(List.of("--spring.main.banner-mode=off", "--server.port=0"));
        all.addAll(List.of(arguments));
        return new SpringApplication(Application.class).run(all.toArray(String[]::new));
    }
}
