package dev.bulwark.tools.business.openapi;

import dev.bulwark.config.ToolName;
import dev.bulwark.ports.outbound.HttpMethod;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which operations of a document are served, as an operator lists them: {@code *} (every operation), an
 * operationId, {@code tag:<tag>}, or a method and path pattern ({@code GET /pets/*}: {@code *} stands for one path
 * segment, {@code **} for any rest). Immutable.
 *
 * @param selectors the entries, in the order given
 * @param toolNames the tool name of an operation, by operationId, where {@code <service>_<operationId>} will not do
 */
public record OperationSelection(List<String> selectors, Map<String, String> toolNames) {

    private static final Pattern METHOD_AND_PATH = Pattern.compile("([A-Za-z]+)\\s+(/\\S*)");

    public OperationSelection {
        selectors = List.copyOf(Objects.requireNonNull(selectors, "selectors"));
        for (String selector : selectors) {
            if (selector == null || selector.isBlank()) {
                throw new IllegalArgumentException("an OpenAPI operation selector is blank");
            }
        }
        toolNames = Map.copyOf(Objects.requireNonNull(toolNames, "toolNames"));
    }

    /** The operations {@code selectors} list, each under its default tool name. */
    public OperationSelection(List<String> selectors) {
        this(selectors, Map.of());
    }

    /** Whether {@code name} may name a tool: 1 to 64 of {@code A-Za-z0-9_.-}. */
    public static boolean isToolName(String name) {
        return ToolName.isValid(name, OperationCatalog.MAX_TOOL_NAME);
    }

    /**
     * The tool name of an operation of {@code service}: its own when one is given for its {@code operationId}, else
     * {@link OperationCatalog#toolName} of {@code operation} (its operationId, or its method and path without one).
     */
    public String toolName(String service, String operationId, String operation) {
        String named = operationId == null ? null : toolNames.get(operationId);
        return named != null ? named : OperationCatalog.toolName(service, operation);
    }

    /** Whether {@code selector} picks the operation. */
    static boolean matches(String selector, String operationId, List<String> tags, HttpMethod method, String path) {
        String entry = selector.strip();
        if (entry.equals("*")) {
            return true;
        }
        if (entry.startsWith("tag:")) {
            return tags.contains(entry.substring(4).strip());
        }
        var methodAndPath = METHOD_AND_PATH.matcher(entry);
        if (methodAndPath.matches()) {
            String wanted = methodAndPath.group(1).toUpperCase(Locale.ROOT);
            return (wanted.equals("*") || wanted.equals(method.name())) && pathMatches(methodAndPath.group(2), path);
        }
        return entry.equals(operationId);
    }

    /** Whether {@code selector} names one operation by its id (not {@code *}, a tag or a pattern). */
    public static boolean isOperationIdSelector(String selector) {
        String entry = selector.strip();
        return !entry.equals("*")
                && !entry.startsWith("tag:")
                && !METHOD_AND_PATH.matcher(entry).matches();
    }

    private static boolean pathMatches(String pattern, String path) {
        String[] wanted = pattern.split("/", -1);
        String[] actual = path.split("/", -1);
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i].equals("**")) {
                return true;
            }
            if (i >= actual.length || !(wanted[i].equals("*") || wanted[i].equals(actual[i]))) {
                return false;
            }
        }
        return wanted.length == actual.length;
    }
}
