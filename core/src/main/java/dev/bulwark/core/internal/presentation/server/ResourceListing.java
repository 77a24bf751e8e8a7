package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Resource;
import dev.bulwark.core.ResourceCatalogue;
import dev.bulwark.core.ResourceTemplate;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Answers {@code resources/list} and {@code resources/templates/list} in pages of the protocol's cursor
 * ({@link ListPager}) with the resources and templates served now, when filtered only those whose every required
 * scope the request's caller holds. It only hides them: a read is authorized either way. Thread-safe.
 */
final class ResourceListing {

    private final ResourceCatalogue resources;
    /** The caller when the transport names none (stdio: the local operator), or {@code null}. */
    private final Principal defaultCaller;
    /** Whether a caller sees only what its scopes let it read; filtered before paging. */
    private final boolean byScope;

    private final ListPager resourcePages;
    private final ListPager templatePages;

    ResourceListing(
            ResourceCatalogue resources,
            Principal defaultCaller,
            boolean byScope,
            int pageSize,
            McpJsonMapper jsonMapper) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.defaultCaller = defaultCaller;
        this.byScope = byScope;
        this.resourcePages = new ListPager(McpSchema.METHOD_RESOURCES_LIST, pageSize, jsonMapper);
        this.templatePages = new ListPager(McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, pageSize, jsonMapper);
    }

    /** Whether this answers {@code method}. */
    static boolean answers(String method) {
        return McpSchema.METHOD_RESOURCES_LIST.equals(method)
                || McpSchema.METHOD_RESOURCES_TEMPLATES_LIST.equals(method);
    }

    /**
     * The answer to {@code request} when it is one of the two lists: the page its cursor names (the first without
     * one) of what its caller may read, nothing when filtered and the request names no caller and there is no default
     * one; an invalid-params error for a cursor this list did not hand out.
     */
    Optional<JSONRPCResponse> answer(JSONRPCRequest request, McpTransportContext context) {
        if (!answers(request.method())) {
            return Optional.empty();
        }
        Optional<Principal> caller = RequestGuard.callerOf(context, defaultCaller);
        if (McpSchema.METHOD_RESOURCES_LIST.equals(request.method())) {
            List<Resource> served = resources.resources();
            return Optional.of(answer(
                    request,
                    resourcePages,
                    served,
                    caller,
                    Resource::requiredScopes,
                    (listed, nextCursor) -> new McpSchema.ListResourcesResult(
                            listed.stream().map(McpDefinitions::resource).toList(), nextCursor)));
        }
        List<ResourceTemplate> served = resources.templates();
        return Optional.of(answer(
                request,
                templatePages,
                served,
                caller,
                ResourceTemplate::requiredScopes,
                (listed, nextCursor) -> new McpSchema.ListResourceTemplatesResult(
                        listed.stream().map(McpDefinitions::template).toList(), nextCursor)));
    }

    private <T> JSONRPCResponse answer(
            JSONRPCRequest request,
            ListPager pager,
            List<T> served,
            Optional<Principal> caller,
            Function<T, Set<String>> requiredScopes,
            BiFunction<List<T>, String, Object> result) {
        Optional<Integer> start = pager.start(request.params(), served.size(), false);
        if (start.isEmpty()) {
            return pager.invalidCursor(request.id());
        }
        ListPager.Page page = pager.page(
                served.size(),
                start.get(),
                index -> !byScope || holds(caller, requiredScopes.apply(served.get(index))));
        List<T> listed = Arrays.stream(page.indexes()).mapToObj(served::get).toList();
        return new JSONRPCResponse(
                McpSchema.JSONRPC_VERSION, request.id(), result.apply(listed, page.nextCursor()), null);
    }

    /** Whether {@code caller} is known and holds every one of {@code requiredScopes}. */
    static boolean holds(Optional<Principal> caller, Set<String> requiredScopes) {
        return caller.map(principal -> principal.hasAllScopes(requiredScopes)).orElse(false);
    }
}
