package dev.bulwark.core.internal.presentation.tool;

import dev.bulwark.core.McpTool;
import dev.bulwark.core.ToolPack;
import dev.bulwark.core.ToolPackContext;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The {@code @McpTool} methods of one object as a {@link ToolPack}, checked when it is made. Thread-safe. */
public final class ToolMethods implements ToolPack {

    private final String source;
    private final List<ToolMethod> methods;

    private ToolMethods(String source, List<ToolMethod> methods) {
        this.source = source;
        this.methods = methods;
    }

    /**
     * The pack of {@code target}'s {@code @McpTool} methods, those of its class and superclasses (a method overridden
     * with its own {@code @McpTool} counts once, as the override declares it), each called through {@code lookup}.
     *
     * @throws IllegalArgumentException naming each method that cannot be a tool, and why, on lines of their own
     */
    public static ToolMethods of(Object target, MethodHandles.Lookup lookup) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(lookup, "lookup");
        List<String> problems = new ArrayList<>();
        Map<String, ToolMethod> byName = new LinkedHashMap<>();
        for (Method method : annotatedMethods(target.getClass())) {
            ToolMethod tool;
            try {
                tool = ToolMethod.of(target, method, lookup);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            ToolMethod other = byName.putIfAbsent(tool.name(), tool);
            if (other != null) {
                problems.add(tool.where() + ": its tool name '" + tool.name() + "' is also the name of " + other.where()
                        + ": give one of them another with @McpTool(name = \"...\")");
            }
        }
        if (problems.isEmpty() && byName.isEmpty()) {
            problems.add(target.getClass().getName() + " has no method annotated @McpTool (methods of its class and"
                    + " superclasses count, not those of its interfaces)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Tools of " + target.getClass().getName() + " cannot be built:\n  "
                    + String.join("\n  ", problems));
        }
        List<ToolMethod> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(ToolMethod::name));
        return new ToolMethods(target.getClass().getName(), List.copyOf(sorted));
    }

    /** The annotated methods of {@code type} and its superclasses, an override's rather than its original's. */
    private static List<Method> annotatedMethods(Class<?> type) {
        List<Method> found = new ArrayList<>();
        Set<String> signatures = new HashSet<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            Method[] declared = current.getDeclaredMethods();
            Arrays.sort(declared, Comparator.comparing(Method::toGenericString));
            for (Method method : declared) {
                if (method.isBridge() || method.isSynthetic() || !method.isAnnotationPresent(McpTool.class)) {
                    continue;
                }
                if (signatures.add(method.getName() + Arrays.toString(method.getParameterTypes()))) {
                    found.add(method);
                }
            }
        }
        return found;
    }

    @Override
    public void register(ToolPackContext pack) {
        for (ToolMethod method : methods) {
            pack.tool(method.toTool(pack.objectMapper()));
        }
    }

    @Override
    public String toString() {
        return "tools of " + source;
    }
}
