package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.Extension;
import java.util.Map;

final class ExtensionExample {

    /** A vendor extension with one setting and one method, {@code inventory/count}. */
    static Extension inventory() {
        return Extension.builder("com.example/inventory")
                .setting("units", "pieces")
                .method("inventory/count", (params, context) -> Map.of(
                        "sku", params.getOrDefault("sku", "unknown"),
                        "count", 42))
                .build();
    }
}
// tool-authors:end
