package dev.bulwark.mcpclient;

import dev.bulwark.ports.origin.ProtocolEra;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.ports.upstream.UpstreamCaller;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The 2025 session era on the MCP SDK's client: its session, with this module's transports that relay what the upstream
 * sends during a call and cancel calls upstream. Thread-safe.
 */
final class SdkUpstreamClient implements UpstreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(SdkUpstreamClient.class);

    private final McpAsyncClient client;
    private final CancellingTransport transport;
    private final RelayingTransport relay;
    /** The URIs subscribed to upstream; changed under {@code this}. */
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    /** Where the updates of {@link #followed} go. */
    private volatile Consumer<String> updated = uri -> {};
    /** Ends what the transport holds outside the session (its HTTP client's threads), once the session is closed. */
    private final Runnable release;

    /** @param release run once the session is closed, however its close ends */
    SdkUpstreamClient(McpAsyncClient client, CancellingTransport transport, RelayingTransport relay, Runnable release) {
        this.client = client;
        this.transport = transport;
        this.relay = relay;
        this.release = release;
        relay.onUpdated(this::updated);
    }

    @Override
    public Mono<Opened> open() {
        return client.initialize().map(initialized -> {
            McpSchema.Implementation info = initialized.serverInfo();
            McpSchema.ServerCapabilities capabilities = initialized.capabilities();
            return new Opened(
                    info == null ? "?" : info.name(),
                    info == null ? "?" : info.version(),
                    initialized.protocolVersion(),
                    capabilities != null && capabilities.prompts() != null,
                    capabilities != null && capabilities.resources() != null,
                    capabilities != null
                            && capabilities.resources() != null
                            && Boolean.TRUE.equals(capabilities.resources().subscribe()));
        });
    }

    @Override
    public String era() {
        return ProtocolEra.SESSIONS_2025_11_25.version();
    }

    @Override
    public boolean pushesListChanges() {
        return true;
    }

    /** Subscribes to each URI new in {@code uris} and unsubscribes from each no longer there, without waiting. */
    @Override
    public synchronized void follow(Set<String> uris, Consumer<String> updated) {
        this.updated = updated;
        for (String uri : uris) {
            if (followed.add(uri)) {
                client.subscribeResource(new McpSchema.SubscribeRequest(uri))
                        .subscribe(
                                null,
                                failure -> LOG.warn(
                                        "Upstream subscription to {} failed: {}", uri, Safe.describe(failure)));
            }
        }
        for (String uri : Set.copyOf(followed)) {
            if (!uris.contains(uri)) {
                followed.remove(uri);
                client.unsubscribeResource(new McpSchema.UnsubscribeRequest(uri))
                        .subscribe(
                                null,
                                failure -> LOG.debug(
                                        "Upstream unsubscription from {} failed: {}", uri, Safe.describe(failure)));
            }
        }
    }

    /** The upstream said the resource at {@code uri} was updated: passed on when it is followed. */
    void updated(String uri) {
        if (followed.contains(uri)) {
            updated.accept(uri);
        }
    }

    @Override
    public Mono<Object> ping() {
        return client.ping();
    }

    @Override
    public Mono<McpSchema.ListToolsResult> listTools(String cursor) {
        return client.listTools(cursor);
    }

    @Override
    public Mono<McpSchema.CallToolResult> callTool(McpSchema.CallToolRequest request) {
        return client.callTool(request);
    }

    @Override
    public Mono<McpSchema.ListPromptsResult> listPrompts(String cursor) {
        return client.listPrompts(cursor);
    }

    @Override
    public Mono<McpSchema.GetPromptResult> getPrompt(McpSchema.GetPromptRequest request) {
        return client.getPrompt(request);
    }

    @Override
    public Mono<McpSchema.CompleteResult> complete(McpSchema.CompleteRequest request) {
        return client.completeCompletion(request);
    }

    @Override
    public Mono<McpSchema.ListResourcesResult> listResources(String cursor) {
        return client.listResources(cursor);
    }

    @Override
    public Mono<McpSchema.ListResourceTemplatesResult> listResourceTemplates(String cursor) {
        return client.listResourceTemplates(cursor);
    }

    @Override
    public Mono<McpSchema.ReadResourceResult> readResource(McpSchema.ReadResourceRequest request) {
        return client.readResource(request);
    }

    @Override
    public TaskSupport listedTaskSupport(String tool) {
        return transport.listedTaskSupport(tool);
    }

    @Override
    public void began(String token, UpstreamCaller caller) {
        relay.began(token, caller);
    }

    @Override
    public void ended(String token) {
        relay.ended(token);
    }

    @Override
    public void cancel(String token, String reason) {
        transport.cancel(token, reason);
    }

    @Override
    public void forget(String token) {
        transport.forget(token);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return client.closeGracefully().doFinally(signal -> release.run());
    }
}
