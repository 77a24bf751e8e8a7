package dev.bulwark.core.internal.presentation.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call's arguments as sent, with their JSON tree built once on first use and shared by the schema check and the
 * binding of the handler's input. Unmodifiable; thread-safe (the tree may be built twice by a race, never changed).
 */
final class CallArguments extends AbstractMap<String, Object> {

    static final CallArguments EMPTY = new CallArguments(Map.of());

    private final Map<String, Object> values;
    private volatile ObjectNode tree;

    private CallArguments(Map<String, Object> values) {
        this.values = values;
    }

    /** {@code arguments} as they are when already a {@code CallArguments}, else an unmodifiable copy of them. */
    static CallArguments of(Map<String, Object> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return arguments instanceof CallArguments own ? own : EMPTY;
        }
        if (arguments instanceof CallArguments own) {
            return own;
        }
        return new CallArguments(Collections.unmodifiableMap(new LinkedHashMap<>(arguments)));
    }

    /**
     * The arguments as a JSON object, built on first use: the values JSON parsing gives (strings, numbers, booleans,
     * null, lists and maps) node by node, any other value through {@code mapper}. Callers must not change it.
     */
    ObjectNode tree(ObjectMapper mapper) {
        ObjectNode built = tree;
        if (built == null) {
            built = objectOf(values, mapper);
            tree = built;
        }
        return built;
    }

    private static ObjectNode objectOf(Map<?, ?> map, ObjectMapper mapper) {
        ObjectNode object = mapper.getNodeFactory().objectNode();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            object.set(String.valueOf(entry.getKey()), nodeOf(entry.getValue(), mapper));
        }
        return object;
    }

    private static JsonNode nodeOf(Object value, ObjectMapper mapper) {
        JsonNodeFactory nodes = mapper.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return nodes.numberNode(number.intValue());
        }
        if (value instanceof Long number) {
            return nodes.numberNode(number.longValue());
        }
        if (value instanceof Double number) {
            return nodes.numberNode(number.doubleValue());
        }
        if (value instanceof BigInteger number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Map<?, ?> map && keysAreStrings(map)) {
            return objectOf(map, mapper);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode(list.size());
            for (Object element : list) {
                array.add(nodeOf(element, mapper));
            }
            return array;
        }
        // BigDecimal (whose node depends on the mapper's settings), arrays, beans: as the mapper writes them
        return mapper.valueToTree(value);
    }

    private static boolean keysAreStrings(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }
}
