package dev.bulwark.core.internal.business.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.ExecutionContextCustomizer;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.resource.SchemaLoader;
import dev.bulwark.core.InvalidArgumentsException.Violation;
import dev.bulwark.core.JsonSchemaCheck.Limits;
import dev.bulwark.core.ToolException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a JSON Schema (draft 2020-12), naming each violation by its path and rule.
 * Thread-safe.
 */
public final class SchemaValidator {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * The validator's list of violations, as {@link OutputFormat#DEFAULT} gives it but without copying the execution
     * config for each check: {@link #execution} already leaves annotations out.
     */
    private static final OutputFormat<List<Error>> VIOLATIONS = (schema, execution, context) -> execution.getErrors();

    /** {@code Thread.isVirtual()} on Java 21 and later, else {@code null}: Bulwark compiles for Java 17. */
    private static final MethodHandle IS_VIRTUAL = isVirtual();

    private final ObjectMapper mapper;
    private final SchemaRegistry registry;
    /** The registry's settings for a check, made once: the validator would build them twice for each check. */
    private final ExecutionConfig execution;
    /** Schemas {@link #validate} keeps compiled at most; past that it compiles each new schema for one use only. */
    static final int MAX_CACHED_SCHEMAS = 256;

    private final Map<Map<String, Object>, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * Each thread's context for the checks of compiled schemas, kept between checks: a new one for each check would
     * be 4 % of a valid call's walk and 40 % of its bytes, most of them the validator's two stacks of 64 entries.
     */
    private final ThreadLocal<CheckExecution> contexts;

    public SchemaValidator(ObjectMapper mapper) {
        this(mapper, BoundedRegularExpressions.INSTANCE);
    }

    /** With {@code patterns} matching the schemas' regular expressions (tests shorten their time limit). */
    SchemaValidator(ObjectMapper mapper, BoundedRegularExpressions patterns) {
        this(mapper, patterns, null);
    }

    private SchemaValidator(ObjectMapper mapper, BoundedRegularExpressions patterns, SchemaLoader loader) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .regularExpressionFactory(patterns)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> {
            builder.schemaRegistryConfig(config);
            if (loader != null) {
                builder.schemaLoader(loader);
            }
        });
        // What Schema.createExecutionContext copies from the registry's settings; the violations need no annotations.
        this.execution = ExecutionConfig.builder()
                .locale(config.getLocale())
                .formatAssertionsEnabled(config.getFormatAssertionsEnabled())
                .failFast(config.isFailFast())
                .annotationCollectionEnabled(false)
                .build();
        this.contexts = ThreadLocal.withInitial(() -> new CheckExecution(execution));
    }

    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
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
        return violations(compiled(schema), value);
    }

    /**
     * Like {@link #validate(Map, Object)}, but bounded by {@code limits}: the check stops once it has kept
     * {@link Limits#violationsKept()} violations, and is refused past its other limits or once the thread is
     * interrupted (a call that timed out or was cancelled), so no schema holds the thread or fills the heap.
     *
     * @throws ToolException naming the limit the check went past, or saying it was interrupted
     */
    public List<Violation> validate(Map<String, Object> schema, Object value, Limits limits) {
        Schema compiledSchema = compiled(schema);
        BoundedExecution bounded = new BoundedExecution(execution, limits);
        List<Error> kept = bounded.getErrors();
        List<Violation> violations = new ArrayList<>();
        try {
            compiledSchema.validate(bounded, asNode(value), VIOLATIONS, (ExecutionContextCustomizer) null);
        } catch (PatternTooSlowException e) {
            violations.add(new Violation("$", e.getMessage()));
        } catch (BoundedExecution.Stopped stopped) {
            if (stopped != BoundedExecution.Stopped.ENOUGH) {
                throw refusal(stopped, limits);
            }
        }
        kept.stream().map(SchemaValidator::toViolation).forEach(violations::add);
        return violations;
    }

    private static ToolException refusal(BoundedExecution.Stopped stopped, Limits limits) {
        if (stopped == BoundedExecution.Stopped.INTERRUPTED) {
            return new ToolException("schema check stopped: the call was cancelled or ran out of time");
        }
        String limit = stopped == BoundedExecution.Stopped.TOO_MANY_STEPS
                ? limits.steps() + " steps (a step is one keyword checked against one value)"
                : limits.violationsFound() + " violations found, counting those of anyOf, oneOf, not and if branches"
                        + " that do not decide the result";
        return new ToolException("schema check stopped: checking this data against this schema takes more than " + limit
                + "; send a simpler schema or less data");
    }

    private Schema compiled(Map<String, Object> schema) {
        Schema compiledSchema = compiled.get(schema);
        if (compiledSchema == null) {
            compiledSchema = registry.getSchema(mapper.valueToTree(schema));
            if (compiled.size() < MAX_CACHED_SCHEMAS) {
                compiled.putIfAbsent(schema, compiledSchema);
            }
        }
        return compiledSchema;
    }

    private JsonNode asNode(Object value) {
        return value instanceof JsonNode json ? json : mapper.valueToTree(value);
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
        boolean acceptsEmptyObject =
                violations(compiledSchema, mapper.createObjectNode()).isEmpty();
        return value -> acceptsEmptyObject && isEmptyObject(value) ? List.of() : violations(compiledSchema, value);
    }

    private static boolean isEmptyObject(Object value) {
        return value instanceof Map<?, ?> map ? map.isEmpty() : value instanceof ObjectNode node && node.isEmpty();
    }

    private List<Violation> violations(Schema compiledSchema, Object value) {
        List<Violation> violations = new ArrayList<>();
        // A virtual thread lives for one call: a context kept for it would be made anyway, and kept for nothing.
        // A check within a check on this thread (none is known) gets a context of its own too.
        CheckExecution kept = onVirtualThread() ? null : contexts.get();
        CheckExecution context = kept != null && kept.take() ? kept : new CheckExecution(execution);
        try {
            List<Error> errors =
                    compiledSchema.validate(context, asNode(value), VIOLATIONS, (ExecutionContextCustomizer) null);
            for (Error error : errors) {
                violations.add(toViolation(error));
            }
        } catch (PatternTooSlowException e) {
            // Which field was being matched is lost with the validator's stack: the value as a whole is named.
            violations.add(new Violation("$", e.getMessage()));
        } finally {
            if (context == kept && !kept.release(execution.isFailFast())) {
                contexts.remove();
            }
        }
        return violations;
    }

    private static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A schema compiled by {@link #compile}; thread-safe. */
    @FunctionalInterface
    public interface CompiledSchema {
        /** Every violation of the schema by {@code value}; empty when it conforms. */
        List<Violation> validate(Object value);
    }

    /** The violation {@code error} names (package-private for the benchmark that compares ways of checking). */
    static Violation toViolation(Error error) {
        NodePath instance = error.getInstanceLocation();
        StringBuilder field = new StringBuilder("$");
        if (instance != null) {
            for (int i = 0; i < instance.getNameCount(); i++) {
                appendSegment(field, instance.getElement(i));
            }
        }
        if (error.getProperty() != null
                && ("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword()))) {
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
            path.append("['")
                    .append(String.valueOf(segment).replace("\\", "\\\\").replace("'", "\\'"))
                    .append("']");
        }
    }
}
