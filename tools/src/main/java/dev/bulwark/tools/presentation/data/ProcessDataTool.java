package dev.bulwark.tools.presentation.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolException;
import dev.bulwark.core.ToolResult;
import dev.bulwark.tools.business.processing.AnalysisReport;
import dev.bulwark.tools.business.processing.DataProcessingService;
import dev.bulwark.tools.business.processing.TransformResult;
import dev.bulwark.tools.business.processing.ValidationReport;
import dev.bulwark.tools.presentation.data.ProcessDataInput.Operation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code process_data} tool: transforms, validates or analyzes a JSON value.
 */
public final class ProcessDataTool {

    /** The tool's name. */
    public static final String NAME = "process_data";
    /** The scope a caller needs. */
    public static final String SCOPE = "tools:read";

    /**
     * How many characters of dotted keys {@code transform} may make per byte of the data limit: room for data
     * nested a few levels deep under long keys, not for a flattening that multiplies the data (the result is
     * held to {@code MAX_RESULT_SIZE}, 8 MiB by default, when it is sent).
     */
    static final long KEY_CHARACTERS_PER_DATA_BYTE = 8;

    /** Violations listed in the text rendering before the rest are only counted. */
    private static final int MAX_LISTED_VIOLATIONS = 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final MathContext SIGNIFICANT = new MathContext(6);
    /** The magnitudes written without an exponent in the summary text. */
    private static final double PLAIN_FROM = 1e-6;

    private static final double PLAIN_BELOW = 1e15;

    private ProcessDataTool() {}

    /**
     * Builds the tool.
     *
     * @param service does the work
     * @param maxDataBytes the largest {@code data} accepted, as compact UTF-8 JSON ({@code MAX_REQUEST_SIZE})
     * @throws IllegalArgumentException if {@code maxDataBytes} is not positive
     */
    public static Tool<ProcessDataInput, ObjectNode> create(DataProcessingService service, long maxDataBytes) {
        Objects.requireNonNull(service, "service");
        if (maxDataBytes < 1) {
            throw new IllegalArgumentException("maxDataBytes must be positive, was " + maxDataBytes);
        }
        // No output schema is published: one would have to cover all three operations' shapes.
        return Tool.builder(NAME, ProcessDataInput.class, ObjectNode.class)
                .title("Process JSON data")
                .description("Processes a JSON value with one operation. 'transform' flattens nested objects to"
                        + " dotted keys ({\"a\":{\"b\":1}} becomes {\"a.b\":1}; arrays stay arrays, objects inside"
                        + " them are flattened too) and trims every string. 'validate' checks the data against the"
                        + " JSON Schema given in 'schema' and lists every violation with its path. 'analyze' counts"
                        + " the fields and the values of each JSON type, measures the nesting depth, and gives the"
                        + " min, max and mean of all numbers. The data may be at most " + maxDataBytes
                        + " bytes of JSON.")
                .inputSchema(inputSchema())
                .requiredScopes(SCOPE)
                .cache(CachePolicy.shared())
                .readOnly(true)
                .handler((input, context) -> handle(service, maxDataBytes, input))
                .build();
    }

    /**
     * The input schema, written out: the generator renders a {@code JsonNode} component as an empty closed object
     * and an enum by its constant names, while {@code data} takes any JSON and the operations are lower-case.
     * Its properties and required list follow {@link ProcessDataInput}.
     */
    static Map<String, Object> inputSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("data", Map.of("description", ProcessDataInput.DATA_DESCRIPTION));
        properties.put(
                "operation",
                Map.of(
                        "type",
                        "string",
                        "enum",
                        Operation.jsonNames(),
                        "description",
                        ProcessDataInput.OPERATION_DESCRIPTION));
        properties.put("schema", Map.of("type", "object", "description", ProcessDataInput.SCHEMA_DESCRIPTION));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Collections.unmodifiableMap(properties));
        schema.put("required", List.of("data", "operation"));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ToolResult<ObjectNode> handle(
            DataProcessingService service, long maxDataBytes, ProcessDataInput input) {
        if (input.operation() == null) {
            throw new ToolException("operation is required: one of " + String.join(", ", Operation.jsonNames()));
        }
        JsonNode data = input.data() == null ? NullNode.getInstance() : input.data();
        long size = service.serializedSize(data);
        if (size > maxDataBytes) {
            throw new ToolException("data is " + size + " bytes of JSON, over the limit of " + maxDataBytes
                    + " bytes for " + NAME + "; send less data or split it into several calls");
        }
        service.requireFiniteNumbers(data);
        // The cache key is built from the canonical arguments (keys sorted, numbers normalized): computing from the
        // same form gives every call that shares a key the answer it would have computed ({"v":1.0} after {"v":1}).
        JsonNode canonical = service.canonical(data);
        return switch (input.operation()) {
            case TRANSFORM -> transformed(service.transform(canonical, KEY_CHARACTERS_PER_DATA_BYTE * maxDataBytes));
            case VALIDATE -> validated(service.validate(canonical, service.canonical(input.schema())));
            case ANALYZE -> analyzed(service.analyze(canonical));
        };
    }

    private static ToolResult<ObjectNode> transformed(TransformResult result) {
        ObjectNode out = NODES.objectNode();
        out.put("operation", Operation.TRANSFORM.jsonName());
        out.set("result", result.data());
        out.put("flattenedObjects", result.flattenedObjects());
        out.put("trimmedStrings", result.trimmedStrings());
        String text = "Transformed " + DataProcessingService.typeOf(result.data()) + ": flattened "
                + plural(result.flattenedObjects(), "nested object") + ", trimmed "
                + plural(result.trimmedStrings(), "string") + ".\n" + result.data();
        return ToolResult.of(out, text);
    }

    private static ToolResult<ObjectNode> validated(ValidationReport report) {
        ObjectNode out = NODES.objectNode();
        out.put("operation", Operation.VALIDATE.jsonName());
        out.put("valid", report.valid());
        out.put("schemaGiven", report.schemaGiven());
        out.put("dataType", report.dataType());
        ArrayNode violations = out.putArray("violations");
        for (ValidationReport.Violation violation : report.violations()) {
            violations.addObject().put("path", violation.path()).put("message", violation.message());
        }
        out.put("truncated", report.truncated());
        String text;
        if (!report.schemaGiven()) {
            text = "Well-formed JSON (" + report.dataType() + "). No schema was given, so nothing else was checked.";
        } else if (report.valid()) {
            text = "Valid: the data matches the schema.";
        } else {
            text = "Invalid: " + plural(report.violations().size(), "violation") + ": "
                    + report.violations().stream()
                            .limit(MAX_LISTED_VIOLATIONS)
                            .map(ValidationReport.Violation::toString)
                            .collect(Collectors.joining("; "))
                    + (report.violations().size() > MAX_LISTED_VIOLATIONS
                            ? "; and " + (report.violations().size() - MAX_LISTED_VIOLATIONS) + " more"
                            : "")
                    + (report.truncated() ? "; the check stopped there, and there are more" : "")
                    + ".";
        }
        return ToolResult.of(out, text);
    }

    private static ToolResult<ObjectNode> analyzed(AnalysisReport report) {
        AnalysisReport.TypeHistogram types = report.types();
        AnalysisReport.NumberStats numbers = report.numbers();
        ObjectNode out = NODES.objectNode();
        out.put("operation", Operation.ANALYZE.jsonName());
        out.put("fieldCount", report.fieldCount());
        out.put("maxDepth", report.maxDepth());
        out.putObject("types")
                .put("object", types.objects())
                .put("array", types.arrays())
                .put("string", types.strings())
                .put("number", types.numbers())
                .put("boolean", types.booleans())
                .put("null", types.nulls());
        out.putObject("numbers")
                .put("count", numbers.count())
                .put("min", numbers.min())
                .put("max", numbers.max())
                .put("mean", numbers.mean());
        String text = plural(report.fieldCount(), "field") + ", nesting depth " + report.maxDepth() + "; "
                + plural(types.objects(), "object") + ", " + plural(types.arrays(), "array") + ", "
                + plural(types.strings(), "string") + ", " + plural(types.numbers(), "number") + ", "
                + plural(types.booleans(), "boolean") + ", " + plural(types.nulls(), "null") + "; "
                + (numbers.count() == 0
                        ? "no numbers."
                        : "numbers from " + number(numbers.min()) + " to " + number(numbers.max()) + ", mean "
                                + number(numbers.mean()) + ".");
        return ToolResult.of(out, text);
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /**
     * A number in at most six significant digits, without trailing zeros: 42, 0.333333, 1.5; with an exponent when
     * it is very large or very small (1E+300, 2.5E-9), rather than hundreds of digits.
     */
    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).round(SIGNIFICANT).stripTrailingZeros();
        double magnitude = Math.abs(value);
        boolean plain = magnitude == 0 || (magnitude >= PLAIN_FROM && magnitude < PLAIN_BELOW);
        return plain ? rounded.toPlainString() : rounded.toString();
    }
}
