package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaException;
import dev.bulwark.core.InvalidArgumentsException;
import dev.bulwark.core.JsonSchemaCheck;
import dev.bulwark.core.ToolException;
import dev.bulwark.tools.business.processing.ValidationReport.Violation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * {@link DataProcessingService#validate}'s work: checks a caller's schema, then the data against it.
 */
final class SchemaValidation {

    /** The most subschemas a schema may amount to once its references are expanded ({@link SchemaExpansion}). */
    static final long MAX_EXPANDED_SUBSCHEMAS = 100_000;

    /** The most violations reported; a check that finds more stops there and says so. */
    static final int MAX_VIOLATIONS = 1000;

    /**
     * How much one check may do: 50 million steps are one to two seconds of work, far more than checking the
     * largest data against an ordinary schema takes; 100,000 violations found (those a passing {@code anyOf} branch
     * drops included, about 300 bytes each) are some tens of MB held at most. One more violation than reported is
     * kept, to know there are more.
     */
    static final JsonSchemaCheck.Limits LIMITS = new JsonSchemaCheck.Limits(50_000_000, 100_000, MAX_VIOLATIONS + 1);

    /** Supported {@code $schema} values (without a trailing {@code #}) and the meta-schema each is checked with. */
    private static final Map<String, Map<String, Object>> META_SCHEMAS = Map.of(
            DataProcessingService.DEFAULT_DIALECT,
            Map.of("$ref", DataProcessingService.DEFAULT_DIALECT),
            "https://json-schema.org/draft/2019-09/schema",
            Map.of("$ref", "https://json-schema.org/draft/2019-09/schema"),
            "http://json-schema.org/draft-07/schema",
            Map.of("$ref", "http://json-schema.org/draft-07/schema#"),
            "http://json-schema.org/draft-06/schema",
            Map.of("$ref", "http://json-schema.org/draft-06/schema#"),
            "http://json-schema.org/draft-04/schema",
            Map.of("$ref", "http://json-schema.org/draft-04/schema#"));

    /** A schema that refers to itself before it descends into the data ({@link SchemaLoops}). */
    static final String ENDLESS = "schema cannot be used: it refers to itself without end (a $ref that leads back to"
            + " itself before it reaches a keyword that checks the data)";

    /**
     * How deep the data may surely nest for a schema that refers to itself once per level (a {@code properties} and
     * a {@code $ref} each), with the JVM's default thread stack of 1 MiB. Measured through the tool pipeline: 654
     * to over 1300 levels, depending on what the JIT compiler has compiled; more subschemas per level follow fewer.
     */
    static final int FOLLOWED_DEPTH = 600;

    /** Schema problems listed in an error message before the rest are only counted. */
    private static final int MAX_LISTED_PROBLEMS = 10;

    private static final TypeReference<Map<String, Object>> SCHEMA_MAP = new TypeReference<>() {};

    private final ObjectMapper mapper;
    private final JsonSchemaCheck metaSchemaCheck;

    SchemaValidation(ObjectMapper mapper, JsonSchemaCheck metaSchemaCheck) {
        this.mapper = mapper;
        this.metaSchemaCheck = metaSchemaCheck;
    }

    /** The report for {@code value} against {@code schema}, a JSON object. */
    ValidationReport validate(JsonNode value, JsonNode schema) {
        if (!schema.isObject()) {
            throw new ToolException("schema must be a JSON Schema object, but is " + article(typeOf(schema)));
        }
        LocalReferences.require(schema);
        List<InvalidArgumentsException.Violation> schemaProblems;
        try {
            schemaProblems = metaSchemaCheck.violations(metaSchemaOf(schema), schema);
        } catch (StackOverflowError e) {
            // The meta-schema follows the schema's nesting: about 350 subschemas deep (700 levels of JSON) ran a
            // 1 MiB stack out, and the error left the call as an internal error.
            throw new ToolException("schema nests too deeply to be checked: its " + depthOf(schema) + " levels of"
                    + " JSON ran the check against its meta-schema out of stack; nest its subschemas less deeply");
        }
        if (!schemaProblems.isEmpty()) {
            throw new ToolException("schema is not a valid JSON Schema: " + listed(schemaProblems));
        }
        SchemaGraph graph = SchemaGraph.of(schema);
        if (SchemaLoops.existIn(graph)) {
            throw new ToolException(ENDLESS);
        }
        requireBoundedExpansion(graph);
        List<InvalidArgumentsException.Violation> found;
        try {
            // A fresh check: caller-supplied schemas must not accumulate in a shared compiled-schema cache.
            found = JsonSchemaCheck.using(mapper)
                    .limitedTo(LIMITS)
                    .violations(mapper.convertValue(schema, SCHEMA_MAP), value);
        } catch (SchemaException e) {
            throw new ToolException("schema cannot be used: " + describe(e), e);
        } catch (StackOverflowError e) {
            // A ring of references was refused above, so the validator ran out of stack following deep data. The
            // stack has unwound to here and the compiled schema was this call's alone, so nothing is left half
            // done; without this the error escaped every handler and the call was never answered.
            throw new ToolException("data nests too deeply for this schema: its " + depthOf(value) + " levels ran"
                    + " the validator out of stack (at most about " + FOLLOWED_DEPTH + " levels are sure to be followed"
                    + " with a schema that refers to itself once per level, fewer with more subschemas or chained"
                    + " references per level)");
        }
        List<Violation> violations = found.stream()
                .limit(MAX_VIOLATIONS)
                .map(violation -> new Violation(violation.field(), violation.message()))
                .toList();
        return new ValidationReport(
                violations.isEmpty(), true, typeOf(value), violations, found.size() > MAX_VIOLATIONS);
    }

    private static void requireBoundedExpansion(SchemaGraph graph) {
        long size = SchemaExpansion.size(graph);
        if (size > MAX_EXPANDED_SUBSCHEMAS) {
            throw new ToolException("schema is too large once its references are expanded: it amounts to more than "
                    + MAX_EXPANDED_SUBSCHEMAS + " subschemas, the limit (definitions that each refer to the one before"
                    + " more than once multiply); refer to each definition fewer times");
        }
    }

    private static Map<String, Object> metaSchemaOf(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return META_SCHEMAS.get(DataProcessingService.DEFAULT_DIALECT);
        }
        String dialect = declared.isTextual() ? declared.textValue() : declared.toString();
        String normalized = dialect.endsWith("#") ? dialect.substring(0, dialect.length() - 1) : dialect;
        Map<String, Object> metaSchema = META_SCHEMAS.get(normalized);
        if (metaSchema == null) {
            throw new ToolException("schema declares $schema '" + dialect + "', which is not supported; use one of "
                    + META_SCHEMAS.keySet().stream().sorted().collect(Collectors.joining(", "))
                    + ", or leave $schema out for draft 2020-12");
        }
        return metaSchema;
    }

    private static String listed(List<InvalidArgumentsException.Violation> problems) {
        String listed = problems.stream()
                .limit(MAX_LISTED_PROBLEMS)
                .map(problem -> problem.field() + ": " + problem.message())
                .collect(Collectors.joining("; "));
        int more = problems.size() - MAX_LISTED_PROBLEMS;
        return more > 0 ? listed + "; and " + more + " more" : listed;
    }

    /** What is wrong with a schema that failed to compile, without internals. */
    private static String describe(SchemaException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PatternSyntaxException invalidPattern) {
                return "invalid regular expression '" + invalidPattern.getPattern() + "' ("
                        + invalidPattern.getDescription() + ")";
            }
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank() || failure.getCause() != null) {
            // A wrapped cause's text may be a Java exception's: say only that the schema failed.
            return "it could not be compiled";
        }
        return message.lines().findFirst().orElse(message);
    }

    /** How deeply {@code value}'s containers nest, without recursion: {@code 0} for a scalar. */
    private static int depthOf(JsonNode value) {
        int deepest = 0;
        Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(value, 0));
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            if (next.getKey().isContainerNode()) {
                int depth = next.getValue() + 1;
                deepest = Math.max(deepest, depth);
                next.getKey().forEach(child -> pending.push(Map.entry(child, depth)));
            }
        }
        return deepest;
    }

    private static String typeOf(JsonNode node) {
        return DataProcessingService.typeOf(node);
    }

    private static String article(String type) {
        return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }
}
