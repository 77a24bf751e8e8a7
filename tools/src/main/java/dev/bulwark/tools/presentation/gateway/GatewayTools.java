package dev.bulwark.tools.presentation.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.UpstreamTool;
import dev.bulwark.tools.business.gateway.UpstreamCalls;
import java.time.Duration;
import java.util.LinkedHashMap;
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
     */
    public record Exposure(
            String upstream,
            String prefix,
            Map<String, String> rename,
            Optional<String> scope,
            Set<String> allow,
            Set<String> deny,
            Duration timeout) {

        public Exposure {
            rename = Map.copyOf(rename);
            allow = Set.copyOf(allow);
            deny = Set.copyOf(deny);
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
     * The tool that serves the upstream tool {@code listed}; empty when it is not served, or its schema cannot be
     * checked (with a warning). Its task support is the upstream's or its own, whichever asks for more; none unless
     * {@code tasks}, since a server that offers no tasks takes no task tool once built. A tool that requires tasks
     * upstream is still called as an upstream task.
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
                    .taskSupport(
                            tasks
                                    ? taskSupportOf(listed, calls.taskSupport(exposure.upstream()))
                                    : Tool.TaskSupport.FORBIDDEN)
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

    /**
     * The task support the upstream tool {@code listed} is served with: its upstream's ({@code upstream}), or the
     * tool's own where it asks for more, so that a client sees a tool that takes tasks and one that requires them is
     * never called without.
     */
    static Tool.TaskSupport taskSupportOf(UpstreamTool listed, TaskSupport upstream) {
        TaskSupport most = listed.taskSupport().compareTo(upstream) > 0 ? listed.taskSupport() : upstream;
        return Tool.TaskSupport.of(most);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(JsonNode input, ObjectMapper mapper) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return Map.of();
        }
        return new LinkedHashMap<>(mapper.convertValue(input, Map.class));
    }
}
