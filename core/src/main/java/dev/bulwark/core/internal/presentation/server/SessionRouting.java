package dev.bulwark.core.internal.presentation.server;

import dev.bulwark.core.internal.presentation.listing.ToolListPage;
import dev.bulwark.core.internal.presentation.tasks.SessionTasks;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.sessions.ServedSession;
import dev.bulwark.ports.sessions.SessionRequests;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The session requests the core answers before the SDK's session, for one session server: {@code tools/list} from
 * {@link ToolListPages} (the SDK's own list is built whole per request and ignores the cursor), and, when tasks are
 * served, the session era's task requests through {@link SessionTasks}. Thread-safe.
 */
final class SessionRouting implements SessionRequests {

    private final ToolListPages pages;
    /** The session era's tasks, or {@code null}: none served. */
    private final SessionTasks tasks;

    SessionRouting(ToolListPages pages, SessionTasks tasks) {
        this.pages = pages;
        this.tasks = tasks;
    }

    @Override
    public boolean claims(String method, Object params) {
        return McpSchema.METHOD_TOOLS_LIST.equals(method) || (tasks != null && tasks.claims(method, params));
    }

    @Override
    public CompletableFuture<Object> serve(Object request, RequestOrigin origin, ServedSession session) {
        JSONRPCRequest rpc = (JSONRPCRequest) request;
        if (!McpSchema.METHOD_TOOLS_LIST.equals(rpc.method())) {
            return tasks.serve(rpc, origin, session);
        }
        try {
            Optional<McpSchema.JSONRPCResponse> page =
                    pages.answer(rpc, McpTransportContext.create(origin.asContext()));
            if (page.isEmpty()) {
                return session.run(rpc, origin);
            }
            // with tasks, each task-supporting tool shows its execution.taskSupport, which the SDK's Tool cannot hold
            McpSchema.JSONRPCResponse answer = page.get();
            if (tasks != null && answer.result() instanceof ToolListPage listed) {
                answer = new McpSchema.JSONRPCResponse(answer.jsonrpc(), answer.id(), listed.withExecution(), null);
            }
            return CompletableFuture.completedFuture(answer);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
