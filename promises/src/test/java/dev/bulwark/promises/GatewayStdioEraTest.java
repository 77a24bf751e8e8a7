package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.mcpclient.UpstreamSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway speaks 2026-07-28 to Bulwark's own server over stdio, whether its era setting names that era or is
 * {@code auto}: tools listed and called, progress relayed, a cancel reaching the child, an elicitation answered by
 * the caller.
 */
class GatewayStdioEraTest {

    @TempDir
    Path dir;

    private OneUpstreamGateway gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private Path record() {
        return dir.resolve("record");
    }

    /** A gateway whose one upstream {@code up} is a Bulwark child over stdio, spoken to in {@code era}. */
    private void gateway(UpstreamSettings.Era era, Duration timeout) {
        List<String> command = StdioBulwarkUpstream.command();
        gateway = new OneUpstreamGateway(
                UpstreamSettings.builder("up")
                        .transport("stdio")
                        .command(command.get(0))
                        .args(command.subList(1, command.size()))
                        .env(Map.of("UPSTREAM_RECORD", record().toString()))
                        .timeout(timeout)
                        .era(era)
                        .build(),
                Duration.ofSeconds(60),
                new SimpleMeterRegistry());
    }

    @ParameterizedTest
    @EnumSource(
            value = UpstreamSettings.Era.class,
            names = {"V2026_07_28", "AUTO"})
    void aStdioChildOfBulwarkIsSpokenToIn2026ItsToolsCalledWithProgress(UpstreamSettings.Era era) {
        gateway(era, Duration.ofSeconds(20));
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = gateway.client(progress::add);

        List<String> tools =
                client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        McpSchema.CallToolResult echoed = client.callTool(McpSchema.CallToolRequest.builder("up_echo")
                .arguments(Map.of("text", "over a pipe"))
                .build());
        McpSchema.CallToolResult counted = client.callTool(McpSchema.CallToolRequest.builder("up_count")
                .arguments(Map.of("text", "counted"))
                .progressToken("caller-token")
                .build());

        assertThat(tools).contains("up_echo", "up_count", "up_wait");
        assertThat(echoed.isError()).isFalse();
        assertThat(OneUpstreamGateway.text(echoed)).contains("over a pipe");
        assertThat(OneUpstreamGateway.text(counted)).contains("counted");
        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.isEmpty());
        assertThat(progress).singleElement().satisfies(notification -> {
            assertThat(notification.progressToken()).isEqualTo("caller-token");
            assertThat(notification.message()).isEqualTo("half way");
        });
        assertThat(gateway.eraGauge("2026-07-28")).isEqualTo(1);
        assertThat(gateway.eraGauge("2025-11-25")).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = UpstreamSettings.Era.class,
            names = {"V2026_07_28", "AUTO"})
    void aCallPastItsTimeoutIsCancelledOnTheStdioChild(UpstreamSettings.Era era) {
        gateway(era, Duration.ofSeconds(2));
        McpSyncClient client = gateway.client(notification -> {});

        McpSchema.CallToolResult waited = client.callTool(McpSchema.CallToolRequest.builder("up_wait")
                .arguments(Map.of("text", "never answered"))
                .build());

        assertThat(waited.isError()).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(record()).exists().content().contains("cancelled"));
        assertThat(gateway.eraGauge("2026-07-28")).isEqualTo(1);
    }

    @Test
    void theStdioChildsInputRoundIsAnsweredByTheCaller() {
        gateway(UpstreamSettings.Era.V2026_07_28, Duration.ofSeconds(20));
        McpSyncClient client = gateway.elicitingClient(
                request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("folder", "docs")));

        McpSchema.CallToolResult asked = client.callTool(McpSchema.CallToolRequest.builder("up_ask")
                .arguments(Map.of("text", "which"))
                .build());

        assertThat(asked.isError()).as(OneUpstreamGateway.text(asked)).isNotEqualTo(Boolean.TRUE);
        assertThat(OneUpstreamGateway.text(asked)).contains("ACCEPT {folder=docs}");
    }
}
