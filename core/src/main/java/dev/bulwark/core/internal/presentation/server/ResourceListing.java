package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@code resources/list} and {@code resources/templates/list} with the resources and templates served now
 * whose every required scope the request's caller holds. It only hides them: a read is authorized either way.
 * Thread-safe.
 */
final class ResourceListing {

    private final ResourceCatalogue resources;
    /** The caller when the transport names none (stdio: the local operator), or {@code null}. */
    private final Principal defaultCaller;

    ResourceListing(ResourceCatalogue resources, Principal defaultCaller) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.defaultCaller = defaultCaller;
    }

    /** Whether this answers {@code method}. */
    static boolean answers(String method) {
        return McpSchema.METHOD_RESOURCES_LIST.equals(method)
                || McpSchema.METHOD_RESOURCES_TEMPLATES_LIST.equals(method);
    }

    /**
     * The answer to {@code request} when it is one of the two lists: on one page, what its caller may read; nothing
     * when the request names no caller and there is no default one.
     */
    Optional<JSONRPCResponse> answer(JSONRPCRequest request, McpTransportContext context) {
        if (!answers(request.method())) {
            return Optional.empty();
        }
        Optional<Principal> caller = RequestGuard.callerOf(context, defaultCaller);
        Object result = McpSchema.METHOD_RESOURCES_LIST.equals(request.method())
                ? new McpSchema.ListResourcesResult(
                        resources.resources().stream()
                                .filter(resource -> mayRead(caller, resource.requiredScopes()))
                                .map(McpDefinitions::resource)
                                .toList(),
                        null)
                : new McpSchema.ListResourceTemplatesResult(
                        resources.templates().stream()
                                .filter(template -> mayRead(caller, template.requiredScopes()))
                                .map(McpDefinitions::template)
                                .toList(),
                        null);
        return Optional.of(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null));
    }

    private static boolean mayRead(Optional<Principal> caller, Set<String> requiredScopes) {
        return caller.map(principal -> principal.hasAllScopes(requiredScopes)).orElse(false);
    }
}
