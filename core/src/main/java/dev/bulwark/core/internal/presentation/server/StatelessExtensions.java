package dev.bulwark.core.internal.presentation.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A stateless transport of the session era whose extension requests reach {@link ExtensionCalls}: their methods and
 * resource reads, and their resources after the SDK's {@code resources/list}. Thread-safe.
 */
final class StatelessExtensions extends WrappingStatelessTransport {

    private final ExtensionCalls extensions;

    StatelessExtensions(McpStatelessServerTransport transport, ExtensionCalls extensions) {
        super(transport);
        this.extensions = extensions;
    }

    /**
     * An extension's request through the pipeline; a method of an extension its client must declare is refused with
     * {@code -32021}: a stateless request of this era has no session whose client could have declared it.
     */
    @Override
    Mono<JSONRPCResponse> handleRequest(
            McpStatelessServerHandler handler, McpTransportContext context, JSONRPCRequest request) {
        Optional<String> extension = extensions.claims(request.method(), ExtensionCalls.paramsOf(request.params()));
        if (extension.isPresent()) {
            if (!McpSchema.METHOD_RESOURCES_READ.equals(request.method())
                    && extensions.clientMustDeclare(extension.get())) {
                return Mono.just(JSONRPCResponse.error(
                        request.id(),
                        new JSONRPCResponse.JSONRPCError(
                                SessionRouting.MISSING_REQUIRED_CLIENT_CAPABILITY,
                                "Missing required client capability: the extension " + extension.get(),
                                Map.of(
                                        "requiredCapabilities",
                                        Map.of("extensions", Map.of(extension.get(), Map.of()))))));
            }
            return extensions.handle(context, request);
        }
        Mono<JSONRPCResponse> answered = handler.handleRequest(context, request);
        return McpSchema.METHOD_RESOURCES_LIST.equals(request.method()) && extensions.listsResources()
                ? answered.flatMap(listed -> extensions.withListedResources(context, listed))
                : answered;
    }
}
