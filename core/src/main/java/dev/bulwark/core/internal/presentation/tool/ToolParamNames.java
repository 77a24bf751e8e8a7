package dev.bulwark.core.internal.presentation.tool;

import dev.bulwark.core.ToolParam;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Set;

/** Refuses {@code @ToolParam(name = ...)} on the components of an input record, which Jackson never binds. */
final class ToolParamNames {

    private ToolParamNames() {}

    /** Throws {@link IllegalArgumentException} naming the first component of {@code type} that names itself so. */
    static void requireNoneOnComponents(Class<?> type) {
        check(type, new HashSet<>());
    }

    private static void check(Class<?> type, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            ToolParam param = component.getAnnotation(ToolParam.class);
            if (param != null && !param.name().isEmpty()) {
                throw new IllegalArgumentException("component '" + component.getName() + "' of record "
                        + type.getName() + " has @ToolParam(name = \"" + param.name() + "\"), which only names a"
                        + " parameter of an @McpTool method: name the component with @JsonProperty(\""
                        + param.name() + "\") instead");
            }
            check(component.getType(), seen);
        }
    }
}
