package dev.bulwark.tools.presentation.services;

import static dev.bulwark.outbound.FakeService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.outbound.FakeService;
import dev.bulwark.outbound.OutboundServices;
import dev.bulwark.outbound.ServiceSettings;
import dev.bulwark.ports.era2026.Era2026Request;
import dev.bulwark.ports.origin.RequestOrigin;
import dev.bulwark.ports.security.Principal;
import dev.bulwark.ports.tasks.TaskSupport;
import dev.bulwark.tools.ServicesPack;
import dev.bulwark.tools.business.services.ApiToolSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code api_request} run as a task, where one service lets its requests run as tasks and another does not: the task
 * aimed at the other is refused, naming it, and sends nothing.
 */
class ApiRequestAsTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";
    /** The same client without the tasks extension: its calls run directly. */
    private static final String META_WITHOUT_TASKS =
            "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    /** How long a test polls a task before it gives up on it ending. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final FakeService orders = FakeService.start();
    private final FakeService payments = FakeService.start();
    private final FakeService reports = FakeService.start();
    private OutboundServices services;
    private Bulwark bulwark;
    private final RequestOrigin caller = RequestOrigin.of(Principal.of(
            "agent", ServiceTools.SCOPE, "services:orders:read", "services:payments:read", "services:reports:read"));

    @BeforeEach
    void start() {
        services = OutboundServices.builder()
                .service(ServiceSettings.builder("orders")
                        .baseUrl(orders.baseUrl())
                        .taskSupport(TaskSupport.OPTIONAL)
                        .build())
                .service(ServiceSettings.builder("payments")
                        .baseUrl(payments.baseUrl())
                        .taskSupport(TaskSupport.FORBIDDEN)
                        .build())
                .service(ServiceSettings.builder("reports")
                        .baseUrl(reports.baseUrl())
                        .taskSupport(TaskSupport.REQUIRED)
                        .build())
                .healthTimeout(Duration.ofSeconds(30))
                .build();
        bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .pack(new ServicesPack(services, ApiToolSettings.defaults(), Tool.TaskSupport.OPTIONAL))
                .build();
        orders.on("GET orders/7", json(200, "{\"id\":7}"));
        payments.on("GET payments/7", json(200, "{\"id\":7}"));
        reports.on("GET reports/7", json(200, "{\"id\":7}"));
    }

    @AfterEach
    void stop() {
        bulwark.close();
        services.close();
        orders.close();
        payments.close();
        reports.close();
    }

    @Test
    void aTaskAimedAtAServiceWhoseRequestsRunNoTaskIsRefusedNamingItAndSendsNothing() throws Exception {
        String taskId = createTask("payments", "payments/7");

        JsonNode ended = pollWhileWorking(taskId);

        JsonNode result = ended.path("result");
        assertThat(result.path("isError").asBoolean()).as(ended.toString()).isTrue();
        assertThat(result.path("content").path(0).path("text").asText())
                .contains("'payments'")
                .contains("not as a task");
        assertThat(payments.hits("GET payments/7")).as("nothing was sent").isZero();
    }

    @Test
    void aTaskAimedAtAServiceWhoseRequestsRunAsTasksIsSent() throws Exception {
        String taskId = createTask("orders", "orders/7");

        JsonNode ended = pollWhileWorking(taskId);

        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(ended.path("result").path("isError").asBoolean(false)).isFalse();
        assertThat(orders.hits("GET orders/7")).isEqualTo(1);
    }

    @Test
    void aDirectCallAimedAtAServiceWhoseRequestsRunOnlyAsTasksIsRefusedNamingItAndSendsNothing() throws Exception {
        JsonNode answer = request(
                "tools/call",
                "\"name\":\"api_request\",\"arguments\":{\"service\":\"reports\",\"method\":\"GET\","
                        + "\"path\":\"reports/7\"}",
                META_WITHOUT_TASKS);

        JsonNode result = answer.path("result");
        assertThat(result.path("isError").asBoolean()).as(answer.toString()).isTrue();
        assertThat(result.path("content").path(0).path("text").asText())
                .contains("'reports'")
                .contains("only as tasks");
        assertThat(reports.hits("GET reports/7")).as("nothing was sent").isZero();
    }

    @Test
    void aTaskAimedAtAServiceWhoseRequestsRunOnlyAsTasksIsSent() throws Exception {
        JsonNode ended = pollWhileWorking(createTask("reports", "reports/7"));

        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(reports.hits("GET reports/7")).isEqualTo(1);
    }

    private String createTask(String service, String path) throws Exception {
        JsonNode created = request(
                "tools/call",
                "\"name\":\"api_request\",\"arguments\":{\"service\":\"" + service + "\",\"method\":\"GET\",\"path\":\""
                        + path + "\"}");
        assertThat(created.path("result").path("resultType").asText())
                .as(created.toString())
                .isEqualTo("task");
        return created.path("result").path("taskId").asText();
    }

    private JsonNode pollWhileWorking(String taskId) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode polled = request("tasks/get", "\"taskId\":\"" + taskId + "\"").path("result");
        while (polled.path("status").asText().equals("working") && System.nanoTime() < deadline) {
            Thread.sleep(10); // spaces the polls; each poll is the check, bounded by PATIENCE
            polled = request("tasks/get", "\"taskId\":\"" + taskId + "\"").path("result");
        }
        return polled;
    }

    private JsonNode request(String method, String params) throws Exception {
        return request(method, params, META);
    }

    private JsonNode request(String method, String params, String meta) throws Exception {
        Map<String, Object> message = JSON.readValue(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + params + "," + meta + "}}",
                new TypeReference<Map<String, Object>>() {});
        String answer = bulwark.era2026()
                .serve(Era2026Request.overStdio(message, caller), notification -> {})
                .get(30, TimeUnit.SECONDS)
                .json();
        return JSON.readTree(answer);
    }
}
