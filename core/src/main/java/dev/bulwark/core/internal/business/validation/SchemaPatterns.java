package dev.bulwark.core.internal.business.validation;

import dev.bulwark.core.SubschemaKeywords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Finds the regular expressions of a JSON Schema that do not compile, so such a tool is refused when built.
 */
public final class SchemaPatterns {

    private SchemaPatterns() {}

    /**
     * One line per regular expression of {@code schema} that does not compile, naming where it is and why:
     * {@code $.properties.code.pattern '[a-': Unclosed character class}. Empty when all compile.
     */
    public static List<String> invalidIn(Map<String, Object> schema) {
        List<String> problems = new ArrayList<>();
        walk(schema, "$", problems);
        return problems;
    }

    private static void walk(Object node, String path, List<String> problems) {
        if (!(node instanceof Map<?, ?> schema)) {
            return; // true, false, or not a schema: nothing to compile
        }
        if (schema.get("pattern") instanceof String regex) {
            check(regex, path + ".pattern", problems);
        }
        if (schema.get("patternProperties") instanceof Map<?, ?> patterned) {
            patterned
                    .keySet()
                    .forEach(regex ->
                            check(String.valueOf(regex), path + ".patternProperties['" + regex + "']", problems));
        }
        SubschemaKeywords.forEachSubschema(schema, (place, subschema) -> walk(subschema, path + place, problems));
    }

    private static void check(String regex, String path, List<String> problems) {
        try {
            BoundedRegularExpressions.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(path + " '" + regex + "': " + e.getDescription());
        }
    }
}
