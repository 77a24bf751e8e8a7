package dev.bulwark.mcpclient;

import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Set;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * One connection to an upstream in one protocol era, as {@link UpstreamConnection} uses it: the era's wire stays
 * behind it, and its requests and answers are the SDK's schema records. Thread-safe.
 */
interface UpstreamClient {

    /** What an upstream said of itself when it was connected. */
    record Opened(
            String serverName,
            String serverVersion,
            String protocolVersion,
            boolean prompts,
            boolean resources,
            boolean subscribes) {}

    /** Opens the connection: the 2025 handshake, or the 2026 discovery. */
    Mono<Opened> open();

    /** The era this client speaks, as its setting spells it. */
    String era();

    /**
     * Whether the upstream tells this client when its lists change; when not, the connection reads them again on
     * each health check.
     */
    boolean pushesListChanges();

    /**
     * Asks the upstream to say when its lists change, telling {@code changed} {@code tools}, {@code prompts} or
     * {@code resources}; nothing for a client whose upstream says so anyway.
     */
    default void listen(Consumer<String> changed) {}

    /**
     * Follows the updates of the resources at {@code uris} (the upstream's own) from now on, in place of those it
     * followed, telling {@code updated} each updated URI; nothing for a client whose upstream serves no subscriptions.
     */
    default void follow(Set<String> uris, Consumer<String> updated) {}

    /** Checks that the upstream answers. */
    Mono<Object> ping();

    Mono<McpSchema.ListToolsResult> listTools(String cursor);

    Mono<McpSchema.CallToolResult> callTool(McpSchema.CallToolRequest request);

    Mono<McpSchema.ListPromptsResult> listPrompts(String cursor);

    Mono<McpSchema.GetPromptResult> getPrompt(McpSchema.GetPromptRequest request);

    Mono<McpSchema.CompleteResult> complete(McpSchema.CompleteRequest request);

    Mono<McpSchema.ListResourcesResult> listResources(String cursor);

    Mono<McpSchema.ListResourceTemplatesResult> listResourceTemplates(String cursor);

    Mono<McpSchema.ReadResourceResult> readResource(McpSchema.ReadResourceRequest request);

    /** The task support {@code tool}'s listing declared; forbidden when it declared none. */
    TaskSupport listedTaskSupport(String tool);

    /** The request whose {@code _meta} carries {@code token} is about to be sent for {@code caller}. */
    void began(String token, UpstreamCaller caller);

    /** The request of {@code token} has ended. */
    void ended(String token);

    /** Cancels the request of {@code token} upstream, saying {@code reason}. */
    void cancel(String token, String reason);

    /** The request of {@code token} was answered: nothing is left to cancel. */
    void forget(String token);

    Mono<Void> closeGracefully();
}
