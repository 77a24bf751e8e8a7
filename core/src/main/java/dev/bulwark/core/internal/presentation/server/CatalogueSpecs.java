package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCatalogue;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One server's specification of each tool its catalogue serves now, made once per tool and made again only for the
 * tools a change added. Thread-safe.
 *
 * @param <S> the specification type
 */
final class CatalogueSpecs<S> {

    private final ToolCatalogue catalogue;
    private final Function<Tool<?, ?>, S> specify;
    private volatile Specs<S> specs;

    /** The specifications of one list of the catalogue: by tool and by name. */
    private record Specs<S>(List<Tool<?, ?>> tools, Map<Tool<?, ?>, S> byTool, Map<String, S> byName) {}

    CatalogueSpecs(ToolCatalogue catalogue, Function<Tool<?, ?>, S> specify) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.specify = Objects.requireNonNull(specify, "specify");
        this.specs = specsOf(catalogue.tools(), Map.of());
    }

    /** The specification of the tool served now under {@code name}, or {@code null}. */
    S get(String name) {
        return current().byName().get(name);
    }

    /** The specifications of the tools served now, in their order. */
    List<S> all() {
        Specs<S> current = current();
        return current.tools().stream().map(current.byTool()::get).toList();
    }

    private Specs<S> current() {
        List<Tool<?, ?>> tools = catalogue.tools();
        Specs<S> current = specs;
        if (current.tools() != tools) {
            current = specsOf(tools, current.byTool());
            specs = current;
        }
        return current;
    }

    private Specs<S> specsOf(List<Tool<?, ?>> tools, Map<Tool<?, ?>, S> before) {
        Map<Tool<?, ?>, S> byTool = new IdentityHashMap<>();
        Map<String, S> byName = new HashMap<>();
        for (Tool<?, ?> tool : tools) {
            S spec = before.containsKey(tool) ? before.get(tool) : specify.apply(tool);
            byTool.put(tool, spec);
            byName.put(tool.name(), spec);
        }
        return new Specs<>(tools, byTool, byName);
    }
}
