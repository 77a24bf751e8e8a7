package dev.bulwark.core.internal.business.caching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON value in one canonical form, so equal values give equal text in every process. Thread-safe.
 */
public final class CanonicalJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_LONG_DIGITS = 19;

    private final ObjectMapper mapper;

    public CanonicalJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The canonical text of {@code value} (a map, list, scalar, record or {@link JsonNode}). */
    public String write(Object value) {
        JsonNode tree = value instanceof JsonNode node ? node : mapper.valueToTree(value);
        return canonical(tree).toString();
    }

    /**
     * A new tree of {@code node} in the canonical form {@link #write} writes: keys sorted and numbers normalized
     * (Java {@code null} and a missing node become JSON {@code null}). A tool whose result echoes its cached
     * arguments computes from this form, so calls that share a cache key get the same answer.
     */
    public static JsonNode canonical(JsonNode node) {
        return normalize(node);
    }

    private static JsonNode normalize(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NODES.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = NODES.objectNode();
            for (String name : names) {
                sorted.set(name, normalize(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            var array = NODES.arrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                array.add(normalize(it.next()));
            }
            return array;
        }
        if (node.isNumber()) {
            return number(node);
        }
        return node;
    }

    private static JsonNode number(JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            // NaN and the infinities (a client's 1e999 parses as Infinity) have no decimal form: keep them
            return node;
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.signum() == 0) {
            return NODES.numberNode(0L); // -0.0 and 0E-5 too
        }
        if (value.scale() <= 0 && value.precision() - value.scale() <= MAX_LONG_DIGITS) {
            try {
                return NODES.numberNode(value.longValueExact());
            } catch (ArithmeticException beyondLong) {
                // 19 digits over Long.MAX_VALUE: as any other long integer
            }
        }
        double asDouble = value.doubleValue();
        if (Double.isFinite(asDouble) && BigDecimal.valueOf(asDouble).compareTo(value) == 0) {
            // Written as Double.toString, which reads back as this very value: short, unlike 1e300's 301 digits
            return NODES.numberNode(asDouble);
        }
        return value.scale() <= 0 ? NODES.numberNode(value.toBigIntegerExact()) : NODES.numberNode(value);
    }

    /** Convenience for argument maps. */
    public String writeArguments(Map<String, Object> arguments) {
        return write(arguments == null ? Map.of() : arguments);
    }
}
