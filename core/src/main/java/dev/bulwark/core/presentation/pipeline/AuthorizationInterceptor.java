package dev.bulwark.core.presentation.pipeline;

import dev.bulwark.core.error.AccessDeniedException;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Set;
import java.util.stream.Collectors;

/** Refuses the call unless the principal holds every scope the tool requires; the handler never runs otherwise. */
public final class AuthorizationInterceptor implements ToolInterceptor {

    @Override
    public CallToolResult intercept(ToolInvocation invocation, ToolCallChain next) {
        Principal principal = invocation.context().principal();
        if (!principal.hasAllScopes(invocation.tool().requiredScopes())) {
            throw new AccessDeniedException(invocation.toolName(), missingScopes(invocation, principal));
        }
        return next.proceed(invocation);
    }

    private static Set<String> missingScopes(ToolInvocation invocation, Principal principal) {
        return invocation.tool().requiredScopes().stream()
                .filter(scope -> !principal.hasScope(scope))
                .collect(Collectors.toSet());
    }
}
