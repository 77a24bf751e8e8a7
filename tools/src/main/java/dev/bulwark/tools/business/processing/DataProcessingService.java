package dev.bulwark.tools.business.processing;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.bulwark.core.CachePolicy;
import dev.bulwark.core.JsonSchemaCheck;
import dev.bulwark.core.JsonSize;
import dev.bulwark.core.ToolException;
import dev.bulwark.tools.business.processing.AnalysisReport.NumberStats;
import dev.bulwark.tools.business.processing.AnalysisReport.TypeHistogram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Operations on one caller-supplied JSON value, behind the {@code process_data} tool. Thread-safe.
 */
public final class DataProcessingService {

    /** The deepest nesting {@link #transform} follows (Jackson's own default nesting limit). */
    public static final int MAX_DEPTH = 1000;

    /** The dialect of a schema that does not declare {@code $schema}. */
    public static final String DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final ObjectMapper mapper;
    private final SchemaValidation schemaValidation;

    public DataProcessingService(ObjectMapper mapper, JsonSchemaCheck validator) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.schemaValidation = new SchemaValidation(mapper, Objects.requireNonNull(validator, "validator"));
    }

    /** A service that validates with the server's own JSON Schema validator, built on {@code mapper}. */
    public static DataProcessingService on(ObjectMapper mapper) {
        return new DataProcessingService(mapper, JsonSchemaCheck.using(mapper));
    }

    /**
     * {@code value} in the cache key's canonical form: object keys sorted, numbers normalized by value. Computing
     * from this form gives every call that shares a cache key the answer it would have computed itself.
     */
    public JsonNode canonical(JsonNode value) {
        return value == null ? null : CachePolicy.canonical(value);
    }

    /**
     * The size of {@code data} written as compact JSON in UTF-8, in bytes, measured without holding the text.
     *
     * @throws ToolException if the data nests too deeply to be written
     */
    public long serializedSize(JsonNode data) {
        try {
            return JsonSize.of(mapper, orNull(data));
        } catch (StreamConstraintsException e) {
            throw new ToolException("data nests too deeply to be processed (at most " + MAX_DEPTH + " levels)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("JSON data could not be measured", e);
        }
    }

    /**
     * Refuses data holding a number beyond the range of a double, integral or not: JSON allows {@code 1e400}, but it
     * is read as infinity, which JSON cannot carry back (it came out as the string {@code "Infinity"}, and as a mean
     * of {@code NaN}); a 400-digit integer keeps its digits but is infinite as a double, which {@link #analyze}
     * computes in. Walks the value without recursion.
     *
     * @throws ToolException naming the limit and what to send instead
     */
    public void requireFiniteNumbers(JsonNode data) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(orNull(data));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
                throw new ToolException("data holds a number beyond the range of a 64-bit floating point value"
                        + " (about ±1.8e308); send such numbers as strings");
            }
            if (node.isContainerNode()) {
                node.forEach(pending::push);
            }
        }
    }

    /**
     * Flattens nested objects into their parent under dotted keys and trims every string value
     * ({@link String#strip()}, so Unicode white space too); keys are kept as they are.
     *
     * <ul>
     *   <li>{@code {"a":{"b":1}}} becomes {@code {"a.b":1}}, at any depth.
     *   <li>Arrays stay arrays, in place, and are not indexed into keys: each element is transformed on its own,
     *       so {@code {"a":[{"b":{"c":" x "}}]}} becomes {@code {"a":[{"b.c":"x"}]}}. This keeps lists as lists.
     *   <li>An empty nested object has no keys to flatten into, so it stays a value: {@code {"a":{}}} is kept.
     *   <li>A root that is not an object is transformed the same way (an array element-wise, a string trimmed).
     * </ul>
     *
     * @param maxKeyCharacters the most characters the dotted keys it makes may have in all: each repeats the path
     *     above it, so flattening can make much more than it was given
     * @throws ToolException if two keys collide after flattening (for example {@code "a.b"} next to
     *     {@code "a":{"b":...}}), if the data nests deeper than {@link #MAX_DEPTH}, or if its dotted keys would
     *     pass {@code maxKeyCharacters}
     */
    public TransformResult transform(JsonNode data, long maxKeyCharacters) {
        Transformer transformer = new Transformer(maxKeyCharacters);
        JsonNode transformed = transformer.transform(orNull(data), 0);
        return new TransformResult(transformed, transformer.flattenedObjects, transformer.trimmedStrings);
    }

    /**
     * Checks {@code data} against {@code schema} and reports every violation with its path. Without a schema
     * ({@code null}, JSON {@code null} or missing) only well-formedness is checked, which a parsed JSON value
     * always passes: the report is valid and says that no schema was given.
     *
     * <p>The schema is a JSON Schema object in draft 2020-12 unless its {@code $schema} names draft 2019-09, 07,
     * 06 or 04. It is first checked against its dialect's meta-schema. Only local references ({@code "#..."}) are
     * allowed: nothing is ever fetched. At most {@value SchemaValidation#MAX_VIOLATIONS} violations are reported;
     * the report says when there were more.
     *
     * @throws ToolException if the schema is not an object, declares an unsupported {@code $schema}, refers to
     *     another document, breaks its meta-schema, amounts to more than
     *     {@value SchemaValidation#MAX_EXPANDED_SUBSCHEMAS} subschemas once its references are expanded, cannot be
     *     compiled (for example an invalid regular expression), or takes more work than one check may; the message
     *     names the problem
     */
    public ValidationReport validate(JsonNode data, JsonNode schema) {
        JsonNode value = orNull(data);
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            return new ValidationReport(true, false, typeOf(value), List.of(), false);
        }
        return schemaValidation.validate(value, schema);
    }

    /**
     * Counts every object field at every depth, every value by JSON type, the deepest container nesting, and the
     * count, minimum, maximum and mean of all numbers (as doubles). Walks the value without recursion, so any
     * depth is fine.
     */
    public AnalysisReport analyze(JsonNode data) {
        long fields = 0;
        int maxDepth = 0;
        long objects = 0;
        long arrays = 0;
        long strings = 0;
        long numbers = 0;
        long booleans = 0;
        long nulls = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double runningMean = 0;

        Deque<Visit> pending = new ArrayDeque<>();
        pending.push(new Visit(orNull(data), 0));
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            JsonNode node = visit.node();
            if (node.isContainerNode()) {
                int depth = visit.parentDepth() + 1;
                maxDepth = Math.max(maxDepth, depth);
                if (node.isObject()) {
                    objects++;
                    fields += node.size();
                } else {
                    arrays++;
                }
                for (JsonNode child : node) {
                    pending.push(new Visit(child, depth));
                }
            } else if (node.isNumber()) {
                numbers++;
                double number = node.doubleValue();
                min = Math.min(min, number);
                max = Math.max(max, number);
                sum += number;
                runningMean += (number - runningMean) / numbers; // cannot overflow, for when the sum does
            } else if (node.isBoolean()) {
                booleans++;
            } else if (node.isNull() || node.isMissingNode()) {
                nulls++;
            } else {
                strings++; // text, and binary (written as a base64 string)
            }
        }
        double mean = Double.isFinite(sum) ? sum / numbers : runningMean;
        NumberStats stats = numbers == 0 ? NumberStats.none() : new NumberStats(numbers, min, max, mean);
        return new AnalysisReport(
                fields, maxDepth, new TypeHistogram(objects, arrays, strings, numbers, booleans, nulls), stats);
    }

    /** The JSON type name of {@code node}: object, array, string, number, boolean or null. */
    public static String typeOf(JsonNode node) {
        if (node == null) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
            case STRING, BINARY -> "string";
        };
    }

    private static JsonNode orNull(JsonNode data) {
        return data == null ? NullNode.getInstance() : data;
    }

    /** One step of {@link #analyze}: a value and the container depth of its parent. */
    private record Visit(JsonNode node, int parentDepth) {}
}
