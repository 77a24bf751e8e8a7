package dev.bulwark.promises;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A named endpoint of the starter ({@code bulwark.endpoints.promises.*}) on the application's port, beside the default
 * one: its own path, the matrix's tools listed by name, a scope every caller must hold, and rate-limit and limits
 * values of its own. It counts on the one registry under its {@code endpoint} tag, which is all the matrix reads.
 */
final class StarterEndpointDoor implements Door {

    /** The endpoint's name, and its {@code endpoint} tag on the meters. */
    static final String NAME = "promises";

    /** Where the endpoint serves: not the default endpoint's {@code /mcp}. */
    static final String PATH = "/promises/mcp";

    /** The endpoint's keys' prefix. */
    private static final String KEYS = "bulwark.endpoints." + NAME + ".";

    /** A misspelt key of the endpoint's own ({@code rate-limit.per-minute}). */
    static final String MISSPELT = KEYS + "rate-limit.per-minut";

    /**
     * The tools of every kind the endpoint serves, by name, but the gateway's ({@link #UPSTREAMS}): the matrix's
     * calls and its budgets' holder. A named endpoint serves tools only.
     */
    static final List<String> TOOLS = List.of(
            "promise_echo",
            "promise_erase",
            "promise_fail",
            "promise_hold",
            "promise_slow",
            "annotated_echo",
            "annotated_erase",
            "annotated_fail",
            "annotated_slow",
            "pets_getPet",
            "pets_deletePet",
            "pets_getBroken",
            "sloth_nap",
            "api_request");

    /** The gateway's upstreams, whose tools the endpoint serves by the upstream's name. */
    static final List<String> UPSTREAMS = GatewayStage.upstreamNames();

    /** Why the endpoint serves no kind that is not a tool. */
    static final String TOOLS_ONLY = "a named endpoint serves the tools it lists; resources, prompts and extensions"
            + " stay on the endpoint at bulwark.http.path";

    private final HttpDoor.Dialect dialect;

    StarterEndpointDoor(HttpDoor.Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Opened open(Stage stage) {
        MeterRegistry registry = new SimpleMeterRegistry();
        ConfigurableApplicationContext context = start(stage, registry, List.of());
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        Counters counters = new EndpointCounters(new MeterCounters(registry), NAME);
        return new StarterWebDoor.WebClientSide(
                new HttpClientSide(dialect, stage, port, PATH, counters, context::close),
                Map.of(
                        ToolKind.EXTENSION, TOOLS_ONLY,
                        ToolKind.SKILL_GET, TOOLS_ONLY,
                        ToolKind.VIEW, TOOLS_ONLY,
                        ToolKind.AUGMENTED, TOOLS_ONLY,
                        ToolKind.ACCEPTED, TOOLS_ONLY));
    }

    /** A misspelt key of the endpoint; what the user is told is Spring Boot's start-up failure report. */
    @Override
    public Refused openWithOneWrongSetting(Stage stage) {
        return StarterDoor.refusedStart(
                MISSPELT, () -> start(stage, new SimpleMeterRegistry(), List.of(MISSPELT + "=600")));
    }

    private ConfigurableApplicationContext start(Stage stage, MeterRegistry registry, List<String> extra) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "bulwark.transport=web",
                "bulwark.redis.url=" + stage.redis().url(),
                "bulwark.tasks.max-active-per-caller=" + Stage.TASK_SLOTS,
                "bulwark.tasks.max-bytes-per-caller=" + Stage.TASK_BYTES,
                KEYS + "path=" + PATH,
                KEYS + "tools=" + String.join(",", TOOLS),
                KEYS + "upstreams=" + String.join(",", UPSTREAMS),
                // both callers hold it: the limited one by name, the admin by '*'
                KEYS + "auth.required-scopes=promise:read",
                KEYS + "rate-limit.per-minute=600",
                KEYS + "limits.max-concurrent-calls=64",
                "spring.main.banner-mode=off"));
        if (dialect == HttpDoor.Dialect.SESSIONS_2025) {
            properties.add(KEYS + "http.mode=stateful");
        }
        properties.addAll(StarterDoor.upstreams(stage));
        properties.addAll(extra);
        return new SpringApplicationBuilder(StarterWebDoor.Application.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties.toArray(String[]::new))
                .initializers(context -> StarterDoor.declare((GenericApplicationContext) context, stage, registry))
                .run();
    }

    /** The counters of one endpoint: those of the one registry tagged with its name. */
    private record EndpointCounters(Counters all, String endpoint) implements Counters {

        @Override
        public double sum(String name, Map<String, String> tags) throws Exception {
            Map<String, String> tagged = new HashMap<>(tags);
            tagged.put("endpoint", endpoint);
            return all.sum(name, tagged);
        }

        @Override
        public List<String> describe(String name) throws Exception {
            return all.describe(name);
        }
    }
}
