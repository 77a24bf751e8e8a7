package dev.bulwark.promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A Spring Boot application with the starter serving MCP on its own port ({@code bulwark.transport=web}, Tomcat on
 * port 0), without Spring Security, so Bulwark's API keys guard the MCP path: the stage's tools as an application
 * declares them, in one {@link HttpDoor.Dialect} (the one with sessions sets {@code bulwark.http.mode=stateful}). The connections are the servlet container's, not Bulwark's.
 */
final class StarterWebDoor implements Door {

    /** Why the door keeps no connection budget of its own: the container's setting gives the promise. */
    static final String CONNECTIONS_ARE_THE_CONTAINERS = "the servlet container owns the connections:"
            + " server.tomcat.max-connections bounds them, server.tomcat.connection-timeout the request head,"
            + " server.max-http-request-header-size the headers (docs/spring-boot.md); no container limits them per"
            + " client address, which the balancer in front does";

    /** Why the door keeps no shared budget of request bodies. */
    static final String BODIES_ARE_READ_ONE_BY_ONE = "the servlet door reads each body on its request's container"
            + " thread, up to limits.max-request-size: the container's threads bound the bodies held at once";

    private final HttpDoor.Dialect dialect;

    StarterWebDoor(HttpDoor.Dialect dialect) {
        this.dialect = dialect;
    }

    /** The application: the starter, Tomcat and whatever else Spring Boot configures on this class path. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {}

    @Override
    public Opened open(Stage stage) {
        MeterRegistry registry = new SimpleMeterRegistry();
        ConfigurableApplicationContext context = start(stage, registry, List.of());
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        return new WebClientSide(
                new HttpClientSide(dialect, stage, port, new MeterCounters(registry), context::close), Map.of());
    }

    /** A misspelt {@code bulwark.*} property; what the user is told is Spring Boot's start-up failure report. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) {
        return StarterDoor.refusedStart(
                StarterDoor.MISSPELT,
                () -> start(stage, new SimpleMeterRegistry(), List.of(StarterDoor.MISSPELT + "=keys.json")));
    }

    private ConfigurableApplicationContext start(Stage stage, MeterRegistry registry, List<String> extra) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "bulwark.transport=web",
                "bulwark.redis.url=" + stage.redis().url(),
                "bulwark.tasks.max-active-per-caller=" + Stage.TASK_SLOTS,
                "bulwark.tasks.max-bytes-per-caller=" + Stage.TASK_BYTES,
                "spring.main.banner-mode=off"));
        if (dialect == HttpDoor.Dialect.SESSIONS_2025) {
            properties.add("bulwark.http.mode=stateful");
        }
        properties.addAll(StarterDoor.upstreams(stage));
        properties.addAll(extra);
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties.toArray(String[]::new))
                .initializers(context -> StarterDoor.declare((GenericApplicationContext) context, stage, registry))
                .run();
    }

    /**
     * The client's side over the application's port: {@link HttpClientSide}'s, with the container's budgets.
     *
     * @param endpointServesNot the kinds of tool the door's endpoint does not serve, each with why, beside those its
     *     protocol era does not serve ({@link HttpClientSide#kindsNotServed()})
     */
    record WebClientSide(HttpClientSide http, Map<ToolKind, String> endpointServesNot) implements Opened {

        @Override
        public Map<ToolKind, String> kindsNotServed() {
            Map<ToolKind, String> notServed = new EnumMap<>(ToolKind.class);
            notServed.putAll(http.kindsNotServed());
            notServed.putAll(endpointServesNot);
            return notServed;
        }

        @Override
        public Answer call(Caller caller, ToolCall call) throws Exception {
            return http.call(caller, call);
        }

        @Override
        public JsonNode request(Caller caller, String method, ObjectNode params, boolean declaringTasks)
                throws Exception {
            return http.request(caller, method, params, declaringTasks);
        }

        @Override
        public TaskWire tasks() {
            return http.tasks();
        }

        @Override
        public Map<Budget, BudgetAtDoor> budgets() {
            Map<Budget, BudgetAtDoor> budgets = new EnumMap<>(http.budgets());
            budgets.put(Budget.CONNECTIONS, BudgetAtDoor.none(CONNECTIONS_ARE_THE_CONTAINERS));
            budgets.put(Budget.LARGE_REQUEST_MEMORY, BudgetAtDoor.none(BODIES_ARE_READ_ONE_BY_ONE));
            return budgets;
        }

        @Override
        public LogWatch watchLogs() throws Exception {
            return http.watchLogs();
        }

        @Override
        public Counters counters() {
            return http.counters();
        }

        @Override
        public DatabaseAtDoor database() {
            return http.database();
        }

        @Override
        public void close() throws Exception {
            http.close();
        }
    }
}
