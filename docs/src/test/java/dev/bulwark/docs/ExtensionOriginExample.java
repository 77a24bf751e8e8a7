package dev.bulwark.docs;

// tool-authors:start
import dev.bulwark.core.Extension;
import java.util.List;
import java.util.Map;

final class ExtensionOriginExample {

    /** {@code whoami/show} answers with its caller, the caller's scopes and the protocol era of its request. */
    static Extension whoami() {
        return Extension.builder("com.example/whoami")
                .method("whoami/show", (params, context) -> Map.of(
                        "caller", context.principal().subject(),
                        "scopes", List.copyOf(context.principal().scopes()),
                        "era", context.origin().era().name()))
                .build();
    }
}
// tool-authors:end
