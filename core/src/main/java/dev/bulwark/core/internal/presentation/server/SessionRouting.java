package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.listing.ToolListPage;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.ports.sessions.SessionRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * The session requests the core answers before the SDK's session, for one session server: {@code tools/list} from
 * {@link ToolListPages} (the SDK's list ignores the cursor), the task requests through {@link SessionTasks} when
 * tasks are served, and other calls of its tools through {@link SessionToolCalls}. Thread-safe.
 */
final class SessionRouting implements SessionRequests {

    private final ToolListPages pages;
    /** The session era's tasks, or {@code null}: none served. */
    private final SessionTasks tasks;

    private final SessionToolCalls calls;

    SessionRouting(ToolListPages pages, SessionTasks tasks, SessionToolCalls calls) {
        this.pages = pages;
        this.tasks = tasks;
        this.calls = calls;
    }

    @Override
    public boolean claims(String method, Object params) {
        return McpSchema.METHOD_TOOLS_LIST.equals(method)
                || claimsAsTask(method, params)
                || calls.claims(method, params);
    }

    private boolean claimsAsTask(String method, Object params) {
        return tasks != null && tasks.claims(method, params);
    }

    @Override
    public void serve(Object request, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        JSONRPCRequest rpc = (JSONRPCRequest) request;
        if (claimsAsTask(rpc.method(), rpc.params())) {
            tasks.serve(rpc, origin, session, answer);
        } else if (McpSchema.METHOD_TOOLS_LIST.equals(rpc.method())) {
            listTools(rpc, origin, session, answer);
        } else {
            calls.serve(rpc, origin, session, answer);
        }
    }

    private void listTools(
            JSONRPCRequest rpc, RequestOrigin origin, ServedSession session, CompletableFuture<Object> answer) {
        try {
            Optional<McpSchema.JSONRPCResponse> page =
                    pages.answer(rpc, McpTransportContext.create(origin.asContext()));
            if (page.isEmpty()) {
                SessionAnswers.complete(Mono.fromFuture(() -> session.run(rpc, origin)), answer);
                return;
            }
            // with tasks, each task-supporting tool shows its execution.taskSupport, which the SDK's Tool cannot hold
            McpSchema.JSONRPCResponse listed = page.get();
            if (tasks != null && listed.result() instanceof ToolListPage withTasks) {
                listed = new McpSchema.JSONRPCResponse(listed.jsonrpc(), listed.id(), withTasks.withExecution(), null);
            }
            answer.complete(listed);
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }
}
