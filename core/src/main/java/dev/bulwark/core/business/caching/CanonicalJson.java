package dev.bulwark.core.business.caching;

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
 * Writes a JSON value in one canonical form, so equal values give equal text in every process and after every
 * restart: object keys sorted, no whitespace, numbers normalized ({@code 1}, {@code 1.0} and {@code 1e0} are all
 * written {@code 1}; {@code 0.50} is {@code 0.5}; NaN and the infinities, which have no decimal form, are written as
 * they are). Thread-safe.
 */
public final class CanonicalJson {

    private final ObjectMapper mapper;

    public CanonicalJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The canonical text of {@code value} (a map, list, scalar, record or {@link JsonNode}). */
    public String write(Object value) {
        JsonNode tree = value instanceof JsonNode node ? node : mapper.valueToTree(value);
        return normalize(tree).toString();
    }

    private JsonNode normalize(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                sorted.set(name, normalize(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                array.add(normalize(it.next()));
            }
            return array;
        }
        if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                // NaN and the infinities (a client's 1e999 parses as Infinity) have no decimal form: keep them
                return node;
            }
            BigDecimal decimal = node.decimalValue().stripTrailingZeros();
            if (decimal.scale() <= 0) {
                return JsonNodeFactory.instance.numberNode(decimal.toBigIntegerExact());
            }
            return JsonNodeFactory.instance.numberNode(decimal);
        }
        return node;
    }

    /** Convenience for argument maps. */
    public String writeArguments(Map<String, Object> arguments) {
        return write(arguments == null ? Map.of() : arguments);
    }
}
