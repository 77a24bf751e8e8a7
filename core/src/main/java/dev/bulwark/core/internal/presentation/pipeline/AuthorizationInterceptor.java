package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.AccessDeniedException;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.concurrent.CompletableFuture;

/** Refuses the call unless the principal holds every scope the tool requires; the handler never runs otherwise. */
final class AuthorizationInterceptor implements ToolInterceptor {

    @Override
    public CompletableFuture<CallToolResult> intercept(ToolInvocation invocation, ToolCallChain next) {
        Principal principal = invocation.context().principal();
        if (!principal.hasAllScopes(invocation.tool().requiredScopes())) {
            throw new AccessDeniedException(
                    invocation.toolName(),
                    principal.missingScopes(invocation.tool().requiredScopes()));
        }
        return next.proceed(invocation);
    }
}
