package dev.bulwark.core.internal.business.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.resource.SchemaLoader;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a JSON Schema (draft 2020-12, with the networknt validator) and reports every
 * violation with the JSON path of the field ({@code $.address.zip}, {@code $.tags[1]}, {@code $} for the value
 * itself) and the rule it broke. Compiled schemas are kept per schema identity (one per tool), so the cost of
 * compiling is paid once. Each match of a {@code pattern} is bounded in time ({@link BoundedRegularExpressions}): a
 * value the pattern cannot be matched against in time is a violation. Thread-safe.
 */
public final class SchemaValidator {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final ObjectMapper mapper;
    private final SchemaRegistry registry;
    /** Schemas {@link #validate} keeps compiled at most; past that it compiles each new schema for one use only. */
    static final int MAX_CACHED_SCHEMAS = 256;

    private final Map<Map<String, Object>, Schema> compiled = new ConcurrentHashMap<>();

    public SchemaValidator(ObjectMapper mapper) {
        this(mapper, BoundedRegularExpressions.INSTANCE);
    }

    /** With {@code patterns} matching the schemas' regular expressions (tests shorten their time limit). */
    SchemaValidator(ObjectMapper mapper, BoundedRegularExpressions patterns) {
        this(mapper, patterns, null);
    }

    private SchemaValidator(ObjectMapper mapper, BoundedRegularExpressions patterns, SchemaLoader loader) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().regularExpressionFactory(patterns).build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> {
            builder.schemaRegistryConfig(config);
            if (loader != null) {
                builder.schemaLoader(loader);
            }
        });
    }

    /**
     * A validator for schemas a tool's caller gives: besides the schema itself it loads nothing but the bundled JSON
     * Schema meta-schemas ({@link BundledMetaSchemas}). A reference to any other document, wherever it sits, fails the
     * schema with a {@link com.networknt.schema.SchemaException} before anything is read or fetched.
     */
    public static SchemaValidator forCallerSchemas(ObjectMapper mapper) {
        return new SchemaValidator(mapper, BoundedRegularExpressions.INSTANCE, BundledMetaSchemas.only());
    }

    /**
     * Every violation of {@code schema} by {@code value}; empty when it conforms. The first
     * {@value #MAX_CACHED_SCHEMAS} distinct schemas stay compiled for the next call, so the cache cannot grow without
     * bound when callers pass schemas of their own.
     */
    public List<Violation> validate(Map<String, Object> schema, Object value) {
        Schema compiledSchema = compiled.get(schema);
        if (compiledSchema == null) {
            compiledSchema = registry.getSchema(mapper.valueToTree(schema));
            if (compiled.size() < MAX_CACHED_SCHEMAS) {
                compiled.putIfAbsent(schema, compiledSchema);
            }
        }
        return violations(compiledSchema, value);
    }

    /** How many schemas {@link #validate} keeps compiled now. */
    int cachedSchemas() {
        return compiled.size();
    }

    /**
     * Compiles {@code schema} once, for a caller that validates many values against it (the pipeline, per tool):
     * validating with the result skips the lookup of the schema, which hashes and compares the whole schema. Whether
     * the schema accepts an empty object is worked out here too, so the many calls of a tool without arguments are
     * answered without walking the schema.
     */
    public CompiledSchema compile(Map<String, Object> schema) {
        Schema compiledSchema = registry.getSchema(mapper.valueToTree(schema));
        boolean acceptsEmptyObject = violations(compiledSchema, mapper.createObjectNode()).isEmpty();
        return value -> acceptsEmptyObject && isEmptyObject(value) ? List.of() : violations(compiledSchema, value);
    }

    private static boolean isEmptyObject(Object value) {
        return value instanceof Map<?, ?> map ? map.isEmpty() : value instanceof ObjectNode node && node.isEmpty();
    }

    private List<Violation> violations(Schema compiledSchema, Object value) {
        JsonNode node = value instanceof JsonNode json ? json : mapper.valueToTree(value);
        List<Violation> violations = new ArrayList<>();
        try {
            for (Error error : compiledSchema.validate(node)) {
                violations.add(toViolation(error));
            }
        } catch (PatternTooSlowException e) {
            // Which field was being matched is lost with the validator's stack: the value as a whole is named.
            violations.add(new Violation("$", e.getMessage()));
        }
        return violations;
    }

    /** A schema compiled by {@link #compile}; thread-safe. */
    @FunctionalInterface
    public interface CompiledSchema {
        /** Every violation of the schema by {@code value}; empty when it conforms. */
        List<Violation> validate(Object value);
    }

    private static Violation toViolation(Error error) {
        NodePath instance = error.getInstanceLocation();
        StringBuilder field = new StringBuilder("$");
        if (instance != null) {
            for (int i = 0; i < instance.getNameCount(); i++) {
                appendSegment(field, instance.getElement(i));
            }
        }
        if (error.getProperty() != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword()))) {
            appendSegment(field, error.getProperty());
        }
        // The validator prefixes its messages with the instance location in its own notation; drop it, the
        // violation names the field itself.
        String message = error.getMessage();
        String location = instance == null ? "" : instance.toString();
        if (message != null && message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        return new Violation(field.toString(), message == null ? error.getKeyword() : message);
    }

    /** Appends one JSON path step: {@code .name} for plain names, {@code [3]} for indexes, else {@code ['x y']}. */
    private static void appendSegment(StringBuilder path, Object segment) {
        if (segment instanceof Number index) {
            path.append('[').append(index).append(']');
        } else if (PLAIN_NAME.matcher(String.valueOf(segment)).matches()) {
            path.append('.').append(segment);
        } else {
            path.append("['").append(String.valueOf(segment).replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
    }
}
