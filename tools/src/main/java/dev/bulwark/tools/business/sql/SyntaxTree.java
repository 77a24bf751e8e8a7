package dev.bulwark.tools.business.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every object of a statement parsed by JSqlParser, found by walking its model.
 */
final class SyntaxTree {

    private static final String MODEL = "net.sf.jsqlparser.";
    private static final String PARSER = "net.sf.jsqlparser.parser.";
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            return fieldsOf(type);
        }
    };

    private SyntaxTree() {}

    /**
     * Every model object reachable from {@code root}, {@code root} included, each once, found by following each field
     * rather than by a visitor: a visitor walks only what it was written to walk, and a sub-query in a clause it left
     * out would escape every check. A clause a later JSqlParser adds is reached too.
     */
    static List<Object> nodes(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> nodes = new ArrayList<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            if (value instanceof Collection<?> values) {
                values.forEach(element -> push(element, pending));
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((key, element) -> {
                    push(key, pending);
                    push(element, pending);
                });
            } else if (value instanceof Object[] array) {
                for (Object element : array) {
                    push(element, pending);
                }
            } else if (value instanceof Optional<?> optional) {
                optional.ifPresent(element -> push(element, pending));
            } else if (isModel(value.getClass()) && seen.add(value)) {
                nodes.add(value);
                for (Field field : FIELDS.get(value.getClass())) {
                    push(read(field, value), pending);
                }
            }
        }
        return nodes;
    }

    private static void push(Object value, Deque<Object> pending) {
        if (value != null) {
            pending.push(value);
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith(MODEL) && !name.startsWith(PARSER) && !type.isEnum();
    }

    /** The instance fields of {@code type} and its model superclasses that can hold other objects. */
    private static List<Field> fieldsOf(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && isModel(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        && !field.getType().isPrimitive()
                        && field.getType() != String.class) {
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
        }
        return List.copyOf(fields);
    }

    private static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("A field of the parsed statement could not be read: " + field, e);
        }
    }
}
