package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.Completion;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers {@code completion/complete} for the prompts and resource templates of the changing catalogues whose
 * renderer or reader is also a {@link Completion.Completer}, before the SDK's server, whose completions are fixed
 * when it is built. A reference a fixed completion serves is left to the SDK; one nothing serves is invalid params.
 * Thread-safe.
 */
final class CatalogueCompletions {

    private final ServerFeatures features;
    private final FeatureHandlers handlers;
    private final McpJsonMapper jsonMapper;

    CatalogueCompletions(ServerFeatures features, FeatureHandlers handlers, McpJsonMapper jsonMapper) {
        this.features = Objects.requireNonNull(features, "features");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    }

    /** Whether this claims {@code request}: a completion of a reference no fixed completion serves. */
    boolean claims(String method, Object params) {
        if (!McpSchema.METHOD_COMPLETION_COMPLETE.equals(method)) {
            return false;
        }
        McpSchema.CompleteRequest request = parsed(params);
        return request == null || request.ref() == null || !servedByFixed(request.ref());
    }

    /**
     * The answer to a claimed {@code request}, run on the elastic pool since a completer may wait on a service: the
     * completer's values, or an error answer (invalid params for a reference nothing serves, the guard's for a
     * caller without the scopes).
     */
    Mono<JSONRPCResponse> answer(JSONRPCRequest request, McpTransportContext context) {
        return Mono.fromCallable(() -> respond(request, context)).subscribeOn(Schedulers.boundedElastic());
    }

    private JSONRPCResponse respond(JSONRPCRequest request, McpTransportContext context) {
        try {
            McpSchema.CompleteRequest asked = parsed(request.params());
            if (asked == null
                    || asked.ref() == null
                    || asked.argument() == null
                    || asked.argument().name() == null) {
                return invalid(request, "completion/complete needs a ref and an argument with a name");
            }
            Optional<Target> target = target(asked.ref());
            if (target.isEmpty()) {
                return invalid(
                        request,
                        "No " + ("ref/prompt".equals(asked.ref().type()) ? "prompt" : "resource template") + " '"
                                + asked.ref().identifier() + "' with argument completion is served");
            }
            McpSchema.CompleteResult result =
                    handlers.complete(target.get().completion(), target.get().scopes(), asked, context, null);
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null);
        } catch (McpError e) {
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null, e.getJsonRpcError());
        }
    }

    private record Target(Completion completion, Set<String> scopes) {}

    private Optional<Target> target(McpSchema.CompleteReference ref) {
        if (ref instanceof McpSchema.PromptReference prompt) {
            return features.promptCatalogue()
                    .prompt(prompt.name())
                    .filter(served -> served.renderer() instanceof Completion.Completer)
                    .map(served -> new Target(
                            Completion.forPrompt(served.name(), (Completion.Completer) served.renderer()),
                            served.requiredScopes()));
        }
        if (ref instanceof McpSchema.ResourceReference resource) {
            return features.resourceCatalogue().templates().stream()
                    .filter(template -> template.uriTemplate().equals(resource.uri()))
                    .filter(template -> template.reader() instanceof Completion.Completer)
                    .findFirst()
                    .map(template -> new Target(
                            Completion.forResourceTemplate(
                                    template.uriTemplate(), (Completion.Completer) template.reader()),
                            template.requiredScopes()));
        }
        return Optional.empty();
    }

    private boolean servedByFixed(McpSchema.CompleteReference ref) {
        return features.completions().stream()
                .anyMatch(fixed -> McpDefinitions.reference(fixed).equals(ref));
    }

    private McpSchema.CompleteRequest parsed(Object params) {
        try {
            return params == null ? null : jsonMapper.convertValue(params, McpSchema.CompleteRequest.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JSONRPCResponse invalid(JSONRPCRequest request, String message) {
        return new JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                request.id(),
                null,
                new JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, message, null));
    }
}
