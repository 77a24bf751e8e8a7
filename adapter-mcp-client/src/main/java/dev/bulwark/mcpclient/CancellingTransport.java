package dev.bulwark.mcpclient;

import dev.bulwark.ports.tasks.TaskSupport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that cancels upstream a request given up on ({@code notifications/cancelled}, or
 * {@code tasks/cancel} for an upstream task), and runs a call of a tool that requires tasks as an upstream task, which
 * the SDK's client cannot. Thread-safe.
 */
final class CancellingTransport extends ForwardingTransport {

    /** The id of each request sent with a progress token (a tool call, a prompt get), by that token. */
    private final Map<Object, Object> idsByToken = new ConcurrentHashMap<>();
    /** Each listed tool's {@code execution.taskSupport}, read from the listing's JSON: the SDK's tool drops it. */
    private final Map<String, TaskSupport> listedTaskSupport = new ConcurrentHashMap<>();
    /** The calls sent as upstream tasks whose task is not created yet: their ids. */
    private final Set<Object> taskCalls = ConcurrentHashMap.newKeySet();
    /** The upstream task of each call sent as one, by the call's id. */
    private final Map<Object, String> tasksByCall = new ConcurrentHashMap<>();
    /** The call each {@code tasks/result} waits for, by the {@code tasks/result} request's id. */
    private final Map<Object, Object> callsByResultRequest = new ConcurrentHashMap<>();
    /** The ids of the requests this transport sends itself whose answers the SDK never asked for. */
    private final Set<Object> ownRequests = ConcurrentHashMap.newKeySet();
    /** The calls sent as upstream tasks that were given up on before their task was created. */
    private final Set<Object> abandoned = ConcurrentHashMap.newKeySet();

    private final AtomicLong ownIds = new AtomicLong();

    CancellingTransport(McpClientTransport delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(received -> handler.apply(received.flatMap(this::intercept)));
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request
                && request.params() instanceof McpSchema.Request sent
                && sent.progressToken() != null) {
            idsByToken.put(sent.progressToken(), request.id());
        }
        if (message instanceof McpSchema.JSONRPCRequest request
                && request.params() instanceof McpSchema.CallToolRequest call
                && listedTaskSupport.get(call.name()) == TaskSupport.REQUIRED) {
            return delegate.sendMessage(asTask(request, call));
        }
        return delegate.sendMessage(message);
    }

    /** The task support {@code tool}'s listing declares; forbidden when it declares none. */
    TaskSupport listedTaskSupport(String tool) {
        return listedTaskSupport.getOrDefault(tool, TaskSupport.FORBIDDEN);
    }

    /** The call {@code request} of a tool that requires tasks, asking for a task ({@code params.task}). */
    private McpSchema.JSONRPCRequest asTask(McpSchema.JSONRPCRequest request, McpSchema.CallToolRequest call) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("name", call.name());
        params.put("arguments", call.arguments() == null ? Map.of() : call.arguments());
        if (call.meta() != null) {
            params.put("_meta", call.meta());
        }
        params.put("task", Map.of());
        taskCalls.add(request.id());
        return new McpSchema.JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), params);
    }

    /**
     * What the SDK's client is handed of {@code message}: a tool list as it is, its task supports noted; an upstream
     * task created for a call not at all, {@code tasks/result} being asked for in its place; the answer of that
     * {@code tasks/result} as the call's; nothing of a request of this transport's own.
     */
    private Mono<McpSchema.JSONRPCMessage> intercept(McpSchema.JSONRPCMessage message) {
        if (!(message instanceof McpSchema.JSONRPCResponse response)) {
            return Mono.just(message);
        }
        Object id = response.id();
        if (ownRequests.remove(id)) {
            return Mono.empty();
        }
        if (abandoned.remove(id)) {
            if (response.result() instanceof Map<?, ?> result
                    && result.get("task") instanceof Map<?, ?> task
                    && task.get("taskId") instanceof String taskId) {
                cancelTask(taskId);
            }
            return Mono.empty();
        }
        Object call = callsByResultRequest.remove(id);
        if (call != null) {
            tasksByCall.remove(call);
            return Mono.just(
                    new McpSchema.JSONRPCResponse(response.jsonrpc(), call, response.result(), response.error()));
        }
        if (taskCalls.remove(id)
                && response.result() instanceof Map<?, ?> result
                && result.get("task") instanceof Map<?, ?> task
                && task.get("taskId") instanceof String taskId) {
            Object resultId = ownId("task-result");
            tasksByCall.put(id, taskId);
            callsByResultRequest.put(resultId, id);
            return delegate.sendMessage(new McpSchema.JSONRPCRequest(
                            McpSchema.JSONRPC_VERSION, "tasks/result", resultId, Map.of("taskId", taskId)))
                    .then(Mono.<McpSchema.JSONRPCMessage>empty())
                    .onErrorResume(failed -> {
                        callsByResultRequest.remove(resultId);
                        tasksByCall.remove(id);
                        return Mono.just(new McpSchema.JSONRPCResponse(
                                response.jsonrpc(),
                                id,
                                null,
                                new McpSchema.JSONRPCResponse.JSONRPCError(
                                        McpSchema.ErrorCodes.INTERNAL_ERROR, "tasks/result could not be sent", null)));
                    });
        }
        if (response.result() instanceof Map<?, ?> result && result.get("tools") instanceof List<?> tools) {
            noteTaskSupport(tools);
        }
        return Mono.just(message);
    }

    private void noteTaskSupport(List<?> tools) {
        for (Object listed : tools) {
            if (listed instanceof Map<?, ?> tool && tool.get("name") instanceof String name) {
                TaskSupport support = TaskSupport.FORBIDDEN;
                if (tool.get("execution") instanceof Map<?, ?> execution
                        && execution.get("taskSupport") instanceof String text) {
                    try {
                        support = TaskSupport.parse(text);
                    } catch (IllegalArgumentException unknown) {
                        support = TaskSupport.FORBIDDEN; // a value of a later spec: served as none
                    }
                }
                listedTaskSupport.put(name, support);
            }
        }
    }

    private void cancelTask(String task) {
        Object cancelId = ownId("task-cancel");
        ownRequests.add(cancelId);
        delegate.sendMessage(new McpSchema.JSONRPCRequest(
                        McpSchema.JSONRPC_VERSION, "tasks/cancel", cancelId, Map.of("taskId", task)))
                .subscribe(sent -> {}, error -> ownRequests.remove(cancelId));
    }

    private Object ownId(String kind) {
        return "bulwark-" + kind + "-" + ownIds.incrementAndGet();
    }

    /** Tells the upstream to stop the call sent with {@code token}, if it was sent; forgets the token. */
    void cancel(Object token, String reason) {
        Object id = idsByToken.remove(token);
        String task = id == null ? null : tasksByCall.remove(id);
        if (task != null) { // the call runs as an upstream task: cancelled with tasks/cancel
            callsByResultRequest.entrySet().removeIf(waiting -> {
                boolean mine = waiting.getValue().equals(id);
                if (mine) {
                    ownRequests.add(waiting.getKey()); // its late answer is nobody's
                }
                return mine;
            });
            cancelTask(task);
            return;
        }
        if (id != null) {
            if (taskCalls.remove(id)) {
                abandoned.add(id); // its task, once created, is cancelled at once
            }
            delegate.sendMessage(new McpSchema.JSONRPCNotification(
                            McpSchema.JSONRPC_VERSION,
                            "notifications/cancelled",
                            Map.of("requestId", id, "reason", reason)))
                    .subscribe(sent -> {}, error -> {});
        }
    }

    /** Forgets the call sent with {@code token}: it was answered. */
    void forget(Object token) {
        Object id = idsByToken.remove(token);
        if (id != null) {
            taskCalls.remove(id);
            tasksByCall.remove(id);
        }
    }
}
