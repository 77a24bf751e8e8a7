package dev.bulwark.core.internal.presentation.era2026;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.Tool;
import dev.bulwark.core.internal.presentation.tool.HeaderParameters;
import dev.bulwark.core.internal.presentation.tool.HeaderParameters.HeaderParameter;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the {@code Mcp-Param-{name}} headers of a 2026-era {@code tools/call} over HTTP against its arguments, for
 * each parameter the tool's input schema marks with {@code x-mcp-header}: a parameter given in the body needs its
 * header, one absent or {@code null} must have none, and a header must decode ({@link RequestCheck#headerValue}) to
 * the argument's value (a string as is, an integer compared as a number, a boolean as {@code true} or
 * {@code false}). Each refusal is {@code -32020} naming the header and the argument, quoting nothing the client sent.
 * Immutable and thread-safe.
 */
final class ParamHeaderCheck {

    /** No tool marks a parameter: nothing to check. */
    static final ParamHeaderCheck NONE = new ParamHeaderCheck(Map.of());

    private final Map<String, List<HeaderParameter>> byTool;

    private ParamHeaderCheck(Map<String, List<HeaderParameter>> byTool) {
        this.byTool = Map.copyOf(byTool);
    }

    /** The check for {@code tools}: their annotations, read once (a tool with an invalid one was refused when built). */
    static ParamHeaderCheck of(Collection<? extends Tool<?, ?>> tools) {
        Map<String, List<HeaderParameter>> byTool = new HashMap<>();
        for (Tool<?, ?> tool : tools) {
            List<HeaderParameter> parameters = HeaderParameters.of(tool.name(), tool.inputSchema());
            if (!parameters.isEmpty()) {
                byTool.put(tool.name(), parameters);
            }
        }
        return new ParamHeaderCheck(byTool);
    }

    /**
     * The rejection of a {@code tools/call} whose headers disagree with its arguments, or empty.
     *
     * @param params the request's params, whose {@code name} the {@code Mcp-Name} check already matched
     * @param headers the HTTP headers by lower-case name
     */
    Optional<Rejection> check(ObjectNode params, Map<String, String> headers) {
        JsonNode name = params.get("name");
        List<HeaderParameter> parameters = name != null && name.isTextual() ? byTool.get(name.asText()) : null;
        if (parameters == null) {
            return Optional.empty();
        }
        JsonNode arguments = params.path("arguments");
        for (HeaderParameter parameter : parameters) {
            Optional<String> problem = problem(parameter, valueAt(arguments, parameter.path()), headers);
            if (problem.isPresent()) {
                return Optional.of(
                        Rejection.badRequest(Era2026Protocol.HEADER_MISMATCH, "Header mismatch: " + problem.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problem(HeaderParameter parameter, JsonNode value, Map<String, String> headers) {
        String header = headers.get(parameter.headerKey());
        String named = "the " + parameter.headerName() + " header";
        if (value == null || value.isNull()) {
            return header == null
                    ? Optional.empty()
                    : Optional.of(named + " is given, but " + parameter.argument()
                            + " is not: leave the header out when the argument is absent or null");
        }
        if (header == null) {
            return Optional.of(named + " is required, carrying the value of " + parameter.argument());
        }
        String decoded = RequestCheck.headerValue(header.strip());
        if (decoded == null) {
            return Optional.of(named + " is neither plain visible ASCII nor a valid =?base64?...?= value"
                    + " (padded Base64 of UTF-8)");
        }
        if (!value.isValueNode()) {
            return Optional.of(
                    parameter.argument() + " must be a string, integer or boolean to be carried in " + named);
        }
        return agrees(decoded, value)
                ? Optional.empty()
                : Optional.of(named + " does not match " + parameter.argument());
    }

    /** Whether the header's decoded value is the argument's: a number compared numerically ({@code 42.0} is 42). */
    static boolean agrees(String header, JsonNode value) {
        if (value.isTextual()) {
            return header.equals(value.asText());
        }
        if (value.isBoolean()) {
            return header.equals(value.asBoolean() ? "true" : "false");
        }
        if (value.isNumber()) {
            try {
                return new BigDecimal(header).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** The value at {@code path} under {@code arguments}, or {@code null} when a step is missing or not an object. */
    private static JsonNode valueAt(JsonNode arguments, List<String> path) {
        JsonNode node = arguments;
        for (String step : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(step);
        }
        return node;
    }
}
