package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.PromptCatalogue;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers {@code prompts/list} with the prompts served now whose every required scope the request's caller holds. It
 * only hides prompts: a get is authorized either way. Thread-safe.
 */
final class PromptListing {

    private final PromptCatalogue prompts;
    /** The caller when the transport names none (stdio: the local operator), or {@code null}. */
    private final Principal defaultCaller;

    PromptListing(PromptCatalogue prompts, Principal defaultCaller) {
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.defaultCaller = defaultCaller;
    }

    /** Whether this answers {@code method}. */
    static boolean answers(String method) {
        return McpSchema.METHOD_PROMPT_LIST.equals(method);
    }

    /**
     * The answer to {@code request} when it is {@code prompts/list}: on one page, the prompts its caller may get; none
     * when the request names no caller and there is no default one.
     */
    Optional<JSONRPCResponse> answer(JSONRPCRequest request, McpTransportContext context) {
        if (!answers(request.method())) {
            return Optional.empty();
        }
        Optional<Principal> caller = RequestGuard.callerOf(context, defaultCaller);
        List<McpSchema.Prompt> visible = prompts.prompts().stream()
                .filter(prompt -> caller.map(principal -> principal.hasAllScopes(prompt.requiredScopes()))
                        .orElse(false))
                .map(McpDefinitions::prompt)
                .toList();
        return Optional.of(new JSONRPCResponse(
                McpSchema.JSONRPC_VERSION, request.id(), new McpSchema.ListPromptsResult(visible, null), null));
    }
}
