package dev.bulwark.core.internal.presentation.tool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tool parameters an input schema asks clients to mirror into HTTP headers with {@code x-mcp-header}, read and
 * checked against the 2026 era's rules when a tool is built: a client must drop a tool whose annotation breaks one
 * of them, so such a tool is refused rather than published. Stateless.
 */
public final class HeaderParameters {

    /** The annotation's keyword. */
    public static final String KEYWORD = "x-mcp-header";

    /** The prefix of the header a parameter is mirrored into: {@code Mcp-Param-{name}}. */
    public static final String HEADER_PREFIX = "Mcp-Param-";

    /** Keywords whose value is a map of schemas by name. */
    private static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "$defs", "definitions", "patternProperties", "dependentSchemas");

    /** Keywords whose value is data, not schemas: an {@code x-mcp-header} key in them is no annotation. */
    private static final Set<String> DATA_KEYWORDS = Set.of("enum", "const", "default", "examples");

    private static final Set<String> PRIMITIVE_TYPES = Set.of("string", "integer", "boolean");

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    /**
     * One annotated parameter.
     *
     * @param path the property names from the arguments object down to the parameter
     * @param name the annotation's value: the header is {@code Mcp-Param-} followed by it
     */
    public record HeaderParameter(List<String> path, String name) {

        public HeaderParameter {
            path = List.copyOf(path);
        }

        /** The header's name in lower case, as transports hand headers over. */
        public String headerKey() {
            return (HEADER_PREFIX + name).toLowerCase(Locale.ROOT);
        }

        /** The header's name as a client writes it. */
        public String headerName() {
            return HEADER_PREFIX + name;
        }

        /** The parameter as {@code arguments.a.b}, for messages. */
        public String argument() {
            return "arguments." + String.join(".", path);
        }
    }

    private HeaderParameters() {}

    /**
     * The annotated parameters of {@code schema}, in the order its properties are declared.
     *
     * @throws IllegalArgumentException naming the tool and every annotation that breaks a rule: an empty name or one
     *     that is not an HTTP token, a name used twice (ignoring case), a parameter that is not a string, integer or
     *     boolean, or an annotation not reached through {@code properties} alone from the root
     */
    public static List<HeaderParameter> of(String toolName, Map<String, Object> schema) {
        List<HeaderParameter> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        walk(schema, "", new ArrayList<>(), true, found, problems);
        Map<String, HeaderParameter> byName = new HashMap<>();
        for (HeaderParameter parameter : found) {
            HeaderParameter other = byName.putIfAbsent(parameter.name().toLowerCase(Locale.ROOT), parameter);
            if (other != null) {
                problems.add(parameter.argument() + " and " + other.argument() + " both use the header name '"
                        + parameter.name() + "' (header names are compared ignoring case)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("tool '" + toolName + "' has an invalid " + KEYWORD + " annotation"
                    + " (clients would drop the tool): " + String.join("; ", problems));
        }
        return List.copyOf(found);
    }

    /**
     * Walks the schema {@code node} at the JSON pointer {@code pointer}; {@code path} holds the property names
     * leading to it and {@code reachable} says whether every step to it was a {@code properties} key.
     */
    private static void walk(
            Object node,
            String pointer,
            List<String> path,
            boolean reachable,
            List<HeaderParameter> found,
            List<String> problems) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), pointer + "/" + i, path, false, found, problems);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> schema)) {
            return;
        }
        if (schema.containsKey(KEYWORD)) {
            annotation(schema, pointer, path, reachable, found, problems);
        }
        for (Map.Entry<?, ?> entry : schema.entrySet()) {
            String keyword = String.valueOf(entry.getKey());
            if (KEYWORD.equals(keyword) || DATA_KEYWORDS.contains(keyword)) {
                continue;
            }
            String at = pointer + "/" + keyword;
            if (SCHEMA_MAPS.contains(keyword) && entry.getValue() instanceof Map<?, ?> named) {
                boolean chain = reachable && "properties".equals(keyword);
                for (Map.Entry<?, ?> property : named.entrySet()) {
                    List<String> next = new ArrayList<>(path);
                    next.add(String.valueOf(property.getKey()));
                    walk(property.getValue(), at + "/" + property.getKey(), next, chain, found, problems);
                }
            } else {
                walk(entry.getValue(), at, path, false, found, problems);
            }
        }
    }

    private static void annotation(
            Map<?, ?> schema,
            String pointer,
            List<String> path,
            boolean reachable,
            List<HeaderParameter> found,
            List<String> problems) {
        Object value = schema.get(KEYWORD);
        if (!reachable || path.isEmpty()) {
            problems.add("the annotation at " + (pointer.isEmpty() ? "the schema's root" : pointer)
                    + " is not reached from the root through properties alone (not under items, allOf, anyOf,"
                    + " oneOf, not, if/then/else, $ref or $defs)");
            return;
        }
        String where = "arguments." + String.join(".", path);
        if (!(value instanceof String name) || name.isEmpty()) {
            problems.add(where + " must name its header with a non-empty string");
            return;
        }
        if (!isToken(name)) {
            problems.add(where + " names the header '" + printable(name) + "', which is not an HTTP field-name token"
                    + " (letters, digits and " + TOKEN_SYMBOLS + " only)");
            return;
        }
        if (!isPrimitive(schema.get("type"))) {
            problems.add(where + " must have type string, integer or boolean to be carried in a header, not "
                    + (schema.get("type") == null ? "no type" : String.valueOf(schema.get("type"))));
            return;
        }
        found.add(new HeaderParameter(path, name));
    }

    /** A type of string, integer or boolean, alone or with {@code "null"}. */
    private static boolean isPrimitive(Object type) {
        if (type instanceof String name) {
            return PRIMITIVE_TYPES.contains(name);
        }
        if (type instanceof List<?> names) {
            List<?> others = names.stream().filter(n -> !"null".equals(n)).toList();
            return others.size() == 1 && PRIMITIVE_TYPES.contains(others.get(0));
        }
        return false;
    }

    /** RFC 9110's {@code token}: one or more {@code tchar}. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** {@code name} with its control characters escaped, for a message. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
