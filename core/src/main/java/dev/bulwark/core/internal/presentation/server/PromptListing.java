package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Prompt;
import dev.bulwark.core.PromptCatalogue;
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

/**
 * Answers {@code prompts/list} in pages of the protocol's cursor ({@link ListPager}) with the prompts served now, when
 * filtered only those whose every required scope the request's caller holds. It only hides prompts: a get is
 * authorized either way. Thread-safe.
 */
final class PromptListing {

    private final PromptCatalogue prompts;
    /** The caller when the transport names none (stdio: the local operator), or {@code null}. */
    private final Principal defaultCaller;
    /** Whether a caller sees only the prompts its scopes let it get; filtered before paging. */
    private final boolean byScope;

    private final ListPager pager;

    PromptListing(
            PromptCatalogue prompts, Principal defaultCaller, boolean byScope, int pageSize, McpJsonMapper jsonMapper) {
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.defaultCaller = defaultCaller;
        this.byScope = byScope;
        this.pager = new ListPager(McpSchema.METHOD_PROMPT_LIST, pageSize, jsonMapper);
    }

    /** Whether this answers {@code method}. */
    static boolean answers(String method) {
        return McpSchema.METHOD_PROMPT_LIST.equals(method);
    }

    /**
     * The answer to {@code request} when it is {@code prompts/list}: the page its cursor names (the first without one)
     * of the prompts its caller may get, none when filtered and the request names no caller and there is no default
     * one; an invalid-params error for a cursor this list did not hand out.
     */
    Optional<JSONRPCResponse> answer(JSONRPCRequest request, McpTransportContext context) {
        if (!answers(request.method())) {
            return Optional.empty();
        }
        Optional<Principal> caller = RequestGuard.callerOf(context, defaultCaller);
        List<Prompt> served = prompts.prompts();
        Optional<Integer> start = pager.start(request.params(), served.size(), false);
        if (start.isEmpty()) {
            return Optional.of(pager.invalidCursor(request.id()));
        }
        ListPager.Page page = pager.page(
                served.size(),
                start.get(),
                index -> !byScope
                        || ResourceListing.holds(caller, served.get(index).requiredScopes()));
        List<McpSchema.Prompt> listed = Arrays.stream(page.indexes())
                .mapToObj(index -> McpDefinitions.prompt(served.get(index)))
                .toList();
        return Optional.of(new JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                request.id(),
                new McpSchema.ListPromptsResult(listed, page.nextCursor()),
                null));
    }
}
