package dev.bulwark.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain Java task client of the docs ({@link TaskClientExample}) against the server jar with the conformance
 * pack: in both eras a task is created, polled and its result read; a cancelled one stays cancelled.
 */
class TaskClientExampleIT {

    @TempDir
    static Path workDir;

    private static HttpServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServerProcess.start(workDir, Map.of(), "--conformance-tools");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTaskOfThe2026EraIsCreatedPolledAndItsResultRead() throws Exception {
        TaskClientExample client = new TaskClientExample(server.mcp());

        String taskId = client.createTask("slow_compute", Map.of("seconds", 1, "label", "the sum"));
        assertThat(client.get(taskId).path("status").asText()).isIn("working", "completed");
        JsonNode ended = client.awaitEnd(taskId, Duration.ofMinutes(1));

        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("completed");
        assertThat(ended.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("Computed the sum in 1 s");
    }

    @Test
    void aCancelledTaskOfThe2026EraStaysCancelled() throws Exception {
        TaskClientExample client = new TaskClientExample(server.mcp());
        String taskId = client.createTask("slow_compute", Map.of("seconds", 600));

        client.cancel(taskId);

        assertThat(client.awaitEnd(taskId, Duration.ofMinutes(1)).path("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void aTaskOfA2025SessionIsCreatedPolledAndItsResultRead() throws Exception {
        TaskClientExample.Session session = new TaskClientExample(server.mcp()).openSession();

        String taskId = session.createTask("slow_compute", Map.of("seconds", 1));
        assertThat(session.get(taskId).path("status").asText()).isIn("working", "completed");
        JsonNode result = session.result(taskId);

        assertThat(result.path("content").path(0).path("text").asText()).isEqualTo("Computed result in 1 s");
        assertThat(session.get(taskId).path("status").asText()).isEqualTo("completed");
    }
}
