package dev.bulwark.core.internal.presentation.era2026;

import dev.bulwark.core.Extension;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolCallAugmentation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** The embedder's extensions as this era serves them: which requests are theirs, and the answer to one. Thread-safe. */
public interface ExtensionRequests {

    /** No extension. */
    ExtensionRequests NONE = new ExtensionRequests() {
        @Override
        public Optional<String> claims(String method, Map<String, Object> params) {
            return Optional.empty();
        }

        @Override
        public boolean clientMustDeclare(String extension) {
            return false;
        }

        @Override
        public List<Extension> augmentingToolCalls() {
            return List.of();
        }

        @Override
        public Mono<JSONRPCResponse> handle(McpTransportContext context, JSONRPCRequest request) {
            return Mono.error(new IllegalStateException("no extension claims " + request.method()));
        }

        @Override
        public Mono<JSONRPCResponse> augment(
                McpTransportContext context,
                JSONRPCRequest request,
                Tool<?, ?> tool,
                ToolCallAugmentation augmentation) {
            return Mono.error(new IllegalStateException("no extension augments " + tool.name()));
        }

        @Override
        public Map<String, Map<String, Object>> capabilities() {
            return Map.of();
        }

        @Override
        public boolean servesResources() {
            return false;
        }

        @Override
        public Mono<JSONRPCResponse> withListedResources(McpTransportContext context, JSONRPCResponse listed) {
            return Mono.just(listed);
        }

        @Override
        public boolean announcesResourceChanges() {
            return false;
        }

        @Override
        public AutoCloseable listenResourceChanges(Runnable changed) {
            return () -> {};
        }
    };

    /** The identifier of the extension a request of {@code method} with {@code params} belongs to, if any. */
    Optional<String> claims(String method, Map<String, Object> params);

    /** Whether a client must name {@code extension} in its capabilities to call it. */
    boolean clientMustDeclare(String extension);

    /** The extensions that answer some {@code tools/call} requests themselves, in registration order. */
    List<Extension> augmentingToolCalls();

    /** The answer to a {@link #claims claimed} request, through the tool pipeline. */
    Mono<JSONRPCResponse> handle(McpTransportContext context, JSONRPCRequest request);

    /**
     * The answer {@code augmentation} gives to {@code request}, a {@code tools/call} of {@code tool}, through the
     * pipeline as the call would go: scoped, rate limited, audited, counted and bounded as {@code tool} is. A refusal
     * is the call's refusal result.
     */
    Mono<JSONRPCResponse> augment(
            McpTransportContext context, JSONRPCRequest request, Tool<?, ?> tool, ToolCallAugmentation augmentation);

    /** Each extension's settings, by identifier, as {@code capabilities.extensions} declares them. */
    Map<String, Map<String, Object>> capabilities();

    /** Whether an extension reads resources, so the {@code resources} capability is declared. */
    boolean servesResources();

    /**
     * {@code listed}, a {@code resources/list} answer, with the extensions' own resources after its last page's: each
     * lister runs through the pipeline; one that fails adds nothing.
     */
    Mono<JSONRPCResponse> withListedResources(McpTransportContext context, JSONRPCResponse listed);

    /** Whether an extension announces changes of its resources, so {@code resources.listChanged} is declared. */
    boolean announcesResourceChanges();

    /** Runs {@code changed} after each change of an extension's resources, until the returned handle is closed. */
    AutoCloseable listenResourceChanges(Runnable changed);
}
