package dev.bulwark.tools.presentation.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one tool per served tool of an upstream: its name prefixed or renamed, its description and schemas as the
 * upstream lists them, the upstream's scope, a timeout just over the upstream's, and a handler that calls through
 * {@link UpstreamCalls}. Stateless factories; the tools are immutable and thread-safe.
 */
public final class GatewayTools {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayTools.class);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private GatewayTools() {}

    /**
     * How one upstream's tools are shown.
     *
     * @param upstream the upstream's configured name
     * @param prefix what goes before each tool's name
     * @param rename names given in place of prefix and name, by upstream name
     * @param scope the scope a caller needs for every tool, when set
     * @param allow the only tools served, by upstream name; empty serves all but {@code deny}
     * @param deny tools never served, by upstream name
     * @param timeout the upstream's call timeout
     * @param taskSupport whether a call of its tools may run as a Bulwark task; a tool the upstream lists as taking
     *     tasks is served with at least its own
     */
    public record Exposure(
            String upstream,
            String prefix,
            Map<String, String> rename,
            Optional<String> scope,
            Set<String> allow,
            Set<String> deny,
            Duration timeout,
            Tool.TaskSupport taskSupport) {

        public Exposure {
            rename = Map.copyOf(rename);
            allow = Set.copyOf(allow);
            deny = Set.copyOf(deny);
            java.util.Objects.requireNonNull(taskSupport, "taskSupport");
        }

        /** An upstream whose tools run as tasks only where the upstream lists them so. */
        public Exposure(
                String upstream,
                String prefix,
                Map<String, String> rename,
                Optional<String> scope,
                Set<String> allow,
                Set<String> deny,
                Duration timeout) {
            this(upstream, prefix, rename, scope, allow, deny, timeout, Tool.TaskSupport.FORBIDDEN);
        }

        /**
         * The task support the upstream tool {@code listed} is served with: the upstream's, or the tool's own where
         * it asks for more, so that a client sees a tool that takes tasks and one that requires them is never called
         * without.
         */
        public Tool.TaskSupport taskSupportOf(UpstreamTool listed) {
            Tool.TaskSupport own = Tool.TaskSupport.valueOf(listed.taskSupport().name());
            return own.compareTo(taskSupport) > 0 ? own : taskSupport;
        }

        /** The name Bulwark lists the upstream tool {@code tool} under. */
        public String exposedName(String tool) {
            return rename.getOrDefault(tool, prefix + tool);
        }

        /** Whether the upstream tool {@code tool} is served. */
        public boolean serves(String tool) {
            return (allow.isEmpty() || allow.contains(tool)) && !deny.contains(tool);
        }
    }

    /**
     * The tools of the upstream {@code exposure} names, as it lists them now. A tool whose schema Bulwark cannot
     * check is left out with a warning.
     */
    public static List<Tool<?, ?>> create(Exposure exposure, UpstreamCalls calls, ObjectMapper mapper) {
        List<Tool<?, ?>> tools = new ArrayList<>();
        for (UpstreamTool listed : calls.tools(exposure.upstream())) {
            tool(exposure, listed, calls, mapper).ifPresent(tools::add);
        }
        return List.copyOf(tools);
    }

    /**
     * The tool that serves the upstream tool {@code listed}; empty when it is not served, or its schema cannot be
     * checked (with a warning).
     */
    public static Optional<Tool<?, ?>> tool(
            Exposure exposure, UpstreamTool listed, UpstreamCalls calls, ObjectMapper mapper) {
        return tool(exposure, listed, calls, mapper, true);
    }

    /**
     * As {@link #tool(Exposure, UpstreamTool, UpstreamCalls, ObjectMapper)}, served with no task support unless
     * {@code tasks}: a server that offers no tasks takes no task tool once built. A tool that requires tasks upstream is
     * still called as an upstream task.
     */
    public static Optional<Tool<?, ?>> tool(
            Exposure exposure, UpstreamTool listed, UpstreamCalls calls, ObjectMapper mapper, boolean tasks) {
        if (!exposure.serves(listed.name())) {
            return Optional.empty();
        }
        String name = exposure.exposedName(listed.name());
        try {
            Tool.Builder<JsonNode, Object> tool = Tool.builder(name, JsonNode.class, Object.class)
                    .title(listed.title().isEmpty() ? listed.name() : listed.title())
                    .description(
                            listed.description().isBlank()
                                    ? "Tool " + listed.name() + " of upstream '" + exposure.upstream() + "'."
                                    : listed.description())
                    .inputSchema(listed.inputSchema())
                    .readOnly(listed.readOnly())
                    .timeout(exposure.timeout().plus(MARGIN))
                    .upstream(exposure.upstream())
                    .taskSupport(tasks ? exposure.taskSupportOf(listed) : Tool.TaskSupport.FORBIDDEN)
                    .handler((input, context) ->
                            calls.call(exposure.upstream(), listed.name(), name, arguments(input, mapper), context));
            listed.outputSchema().ifPresent(tool::outputSchema);
            exposure.scope().ifPresent(tool::requiredScopes);
            return Optional.of(tool.build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn(
                    "Tool {} of upstream {} is left out: {}; deny it in upstreams.{}.deny to silence this",
                    listed.name(),
                    exposure.upstream(),
                    e.getMessage(),
                    exposure.upstream());
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(JsonNode input, ObjectMapper mapper) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return Map.of();
        }
        return new LinkedHashMap<>(mapper.convertValue(input, Map.class));
    }
}
