package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Tool;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@code tools/list} filter that shows each caller only the tools it holds every {@link Tool#requiredScopes()} of;
 * it only hides tools, the pipeline still refuses a call. Thread-safe.
 */
final class ScopeToolFilter implements McpSyncListFilter<McpSchema.Tool> {

    /** The scopes a tool requires by its name, or {@code null} for a tool not served. */
    private final Function<String, Set<String>> requiredScopesByTool;

    private final Principal defaultPrincipal;

    /**
     * @param tools the tools served, whose required scopes decide what is shown
     * @param defaultPrincipal the caller when the transport names none (stdio: the local operator), or {@code null}
     *     when every request must name its caller
     */
    public ScopeToolFilter(Collection<? extends Tool<?, ?>> tools, Principal defaultPrincipal) {
        this(
                tools.stream()
                                .collect(Collectors.toUnmodifiableMap(
                                        Tool::name, tool -> Set.copyOf(tool.requiredScopes())))::get,
                defaultPrincipal);
    }

    /**
     * @param requiredScopes the scopes a tool requires by its name, asked at each request, or {@code null} for a tool
     *     not served
     * @param defaultPrincipal the caller when the transport names none, or {@code null}
     */
    ScopeToolFilter(Function<String, Set<String>> requiredScopes, Principal defaultPrincipal) {
        this.requiredScopesByTool = requiredScopes;
        this.defaultPrincipal = defaultPrincipal;
    }

    /**
     * Whether the caller of {@code context} sees {@code tool}: the transport's
     * {@link dev.bulwark.ports.origin.RequestOrigin#caller}, else the default caller; with neither, or for a tool not
     * served (what it requires is unknown), nothing is shown.
     */
    @Override
    public boolean isVisible(McpTransportContext context, McpSchema.Tool tool) {
        Set<String> required = requiredScopesByTool.apply(tool.name());
        return required != null
                && RequestGuard.callerOf(context, defaultPrincipal)
                        .map(principal -> principal.hasAllScopes(required))
                        .orElse(false);
    }
}
