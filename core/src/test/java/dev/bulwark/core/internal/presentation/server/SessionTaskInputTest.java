package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.TaskSettings;
import dev.bulwark.core.internal.business.tasks.TaskEngine;
import dev.bulwark.core.internal.data.tasks.InMemoryTaskStore;
import dev.bulwark.core.internal.presentation.tasks.TaskAdmission;
import dev.bulwark.core.internal.presentation.tasks.TaskRequestMetrics;
import dev.bulwark.ports.origin.ClientWaits;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.sessions.ServedSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session-era task whose run waits for its client's answer to a request it sent (elicitation, sampling, roots)
 * shows {@code input_required} in {@code tasks/get} and in {@code notifications/tasks/status} meanwhile, and
 * {@code working} again once answered.
 */
class SessionTaskInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RequestOrigin ALICE = RequestOrigin.of(Principal.of("alice"));

    private final Tool<Map, Void> asking = Tool.builder("asking", Map.class, Void.class)
            .inputSchema(Map.of("type", "object"))
            .description("Asks its client while it runs")
            .taskSupport(Tool.TaskSupport.OPTIONAL)
            .handler((input, context) -> ToolResult.text("done"))
            .build();
    private final TaskEngine tasks = new TaskEngine(
            JSON,
            new InMemoryTaskStore(),
            TaskSettings.defaults(),
            Clock.systemUTC(),
            List.of(asking),
            (taskId, params, origin, cancelled) -> {
                throw new AssertionError("the session era runs its tasks in their sessions");
            });
    private final SessionTasks sessionTasks = new SessionTasks(
            JSON,
            new JacksonMcpJsonMapper(JSON),
            tasks,
            new TaskRequestMetrics(new SimpleMeterRegistry()),
            TaskSettings.defaults(),
            TaskAdmission.ALL,
            List.of(asking));

    /** A notification the session's client was sent. */
    record Told(String method, Object params) {}

    /**
     * A session whose task call is the handler's stand-in: it hands the test the waits it is told of, and answers
     * when the test says.
     */
    private static final class Session implements ServedSession {
        final BlockingQueue<Told> told = new LinkedBlockingQueue<>();
        final CompletableFuture<ClientWaits> waits = new CompletableFuture<>();
        final CompletableFuture<Object> answer = new CompletableFuture<>();

        @Override
        public CompletableFuture<Object> run(Object call, RequestOrigin origin) {
            waits.complete(origin.clientWaits().orElse(null));
            return answer;
        }

        @Override
        public Object exchange(RequestOrigin origin) {
            throw new AssertionError("a task's call runs in the session");
        }

        @Override
        public void notify(String method, Object params) {
            told.add(new Told(method, params));
        }

        @SuppressWarnings("unchecked")
        String nextStatus() throws InterruptedException {
            Told next = told.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a notification within 30 s").isNotNull();
            assertThat(next.method()).isEqualTo("notifications/tasks/status");
            return (String) ((Map<String, Object>) next.params()).get("status");
        }
    }

    @AfterEach
    void stop() {
        sessionTasks.close();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> request(Session session, String method, Map<String, Object> params) throws Exception {
        McpSchema.JSONRPCResponse response = (McpSchema.JSONRPCResponse) sessionTasks
                .serve(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, 1, params), ALICE, session)
                .get(30, TimeUnit.SECONDS);
        assertThat(response.error()).as("%s answered", method).isNull();
        return (Map<String, Object>) response.result();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTaskWaitingForItsClientsAnswerIsInputRequiredThenWorkingAgain() throws Exception {
        Session session = new Session();
        Map<String, Object> created =
                request(session, "tools/call", Map.of("name", "asking", "arguments", Map.of(), "task", Map.of()));
        String taskId = (String) ((Map<String, Object>) created.get("task")).get("taskId");
        ClientWaits waits = session.waits.get(30, TimeUnit.SECONDS);
        assertThat(waits).as("the run is told of its waits").isNotNull();

        waits.began(); // the handler sent an elicitation and waits for the answer

        assertThat(session.nextStatus()).isEqualTo("input_required");
        Map<String, Object> polled = request(session, "tasks/get", Map.of("taskId", taskId));
        assertThat(polled).containsEntry("status", "input_required");
        assertThat((String) polled.get("statusMessage")).startsWith("Waiting for the client's answer");

        waits.ended();

        assertThat(session.nextStatus()).isEqualTo("working");
        assertThat(request(session, "tasks/get", Map.of("taskId", taskId))).containsEntry("status", "working");
        session.answer.complete(new McpSchema.JSONRPCResponse(
                McpSchema.JSONRPC_VERSION,
                "task:" + taskId,
                Map.of("content", List.of(Map.of("type", "text", "text", "done"))),
                null));
        assertThat(session.nextStatus()).isEqualTo("completed");
    }
}
