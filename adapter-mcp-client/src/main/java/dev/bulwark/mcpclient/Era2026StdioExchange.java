package dev.bulwark.mcpclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The 2026 era's exchange over a child's standard input and output, one JSON-RPC message a line: answers matched by
 * id, progress routed by its token, log messages to the only request in flight. Thread-safe.
 */
final class Era2026StdioExchange implements Era2026Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Era2026StdioExchange.class);
    private static final String LISTEN = "subscriptions/listen";

    private final String upstream;
    private final ChildProcessTransport child;
    private final ObjectMapper json;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /** A request sent and not answered yet. */
    private record Pending(
            String method, String progressToken, CompletableFuture<JsonNode> answer, Consumer<JsonNode> notified) {}

    /**
     * Starts the child.
     *
     * @throws IllegalStateException when its command cannot be started
     */
    Era2026StdioExchange(String upstream, ChildProcessTransport child, ObjectMapper json) {
        this.upstream = upstream;
        this.child = child;
        this.json = json;
        child.connect(incoming -> incoming.flatMap(message -> {
                    received(message);
                    return Mono.<McpSchema.JSONRPCMessage>empty();
                }))
                .block();
        child.exited()
                .thenRun(() -> List.copyOf(pending.values())
                        .forEach(request -> request.answer()
                                .completeExceptionally(new UncheckedIOException(
                                        new IOException("upstream " + upstream + " exited")))));
    }

    @Override
    public CompletableFuture<JsonNode> send(
            long id, ObjectNode message, Map<String, String> headers, Consumer<JsonNode> notified) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        String method = message.path("method").asText();
        String token =
                message.path("params").path("_meta").path("progressToken").asText("");
        pending.put(id, new Pending(method, token, answer, notified));
        answer.whenComplete((done, failure) -> pending.remove(id));
        try {
            child.sendMessage(new McpSchema.JSONRPCRequest("2.0", method, id, message.get("params")))
                    .block();
        } catch (RuntimeException e) {
            answer.completeExceptionally(new UncheckedIOException(new IOException(Safe.describe(e))));
        }
        if (child.exited().isDone()) {
            answer.completeExceptionally(new UncheckedIOException(new IOException("upstream " + upstream + " exited")));
        }
        return answer;
    }

    @Override
    public void notify(ObjectNode message, Map<String, String> headers) {
        child.sendMessage(new McpSchema.JSONRPCNotification(
                        "2.0", message.path("method").asText(), message.get("params")))
                .subscribe(
                        sent -> {},
                        failure -> LOG.debug(
                                "Upstream {}: a notification was not sent: {}", upstream, Safe.describe(failure)));
    }

    @Override
    public void close() {
        child.stop();
    }

    /** Completes the request a response answers, or passes a notification to the request it is about. */
    private void received(McpSchema.JSONRPCMessage message) {
        JsonNode tree = json.valueToTree(message);
        if (message instanceof McpSchema.JSONRPCResponse response) {
            Pending request = response.id() == null ? null : pending.get(idOf(response.id()));
            if (request != null) {
                request.answer().complete(tree);
            }
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            Pending about = about(notification.method(), tree.path("params"));
            if (about != null) {
                about.notified().accept(tree);
            } else if ("notifications/message".equals(notification.method())) {
                LOG.info("Upstream {} logged: {}", upstream, tree.path("params").path("data"));
            }
        } else {
            LOG.debug("Upstream {} sent a request, which the gateway does not answer in this era", upstream);
        }
    }

    /** The request a notification is about: by progress token, the listen stream, or the only other one in flight. */
    private Pending about(String method, JsonNode params) {
        if ("notifications/progress".equals(method)) {
            String token = params.path("progressToken").asText("");
            return pending.values().stream()
                    .filter(request -> !token.isEmpty() && token.equals(request.progressToken()))
                    .findFirst()
                    .orElse(null);
        }
        if (method.endsWith("/list_changed")) {
            return pending.values().stream()
                    .filter(request -> LISTEN.equals(request.method()))
                    .findFirst()
                    .orElse(null);
        }
        List<Pending> calls = pending.values().stream()
                .filter(request -> !LISTEN.equals(request.method()))
                .toList();
        return calls.size() == 1 ? calls.get(0) : null;
    }

    private static long idOf(Object id) {
        if (id instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(id.toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
