package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.mcpclient.McpClientUpstreams;
import dev.bulwark.mcpclient.UpstreamSettings;
import dev.bulwark.serve.BulwarkHttp;
import dev.bulwark.tools.GatewayPack;
import dev.bulwark.tools.presentation.gateway.GatewayTools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway speaks 2026-07-28 to Bulwark's own server over stdio, whether its era setting names that era or is
 * {@code auto}: tools listed and called, progress relayed, a cancel reaching the child.
 */
class GatewayStdioEraTest {

    @TempDir
    Path dir;

    private final MeterRegistry gatewayMeters = new SimpleMeterRegistry();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private BulwarkHttp gateway;

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Path record() {
        return dir.resolve("record");
    }

    /** A gateway whose one upstream {@code up} is a Bulwark child over stdio, spoken to in {@code era}. */
    private void gateway(UpstreamSettings.Era era, Duration timeout) {
        List<String> command = StdioBulwarkUpstream.command();
        UpstreamSettings settings = UpstreamSettings.builder("up")
                .transport("stdio")
                .command(command.get(0))
                .args(command.subList(1, command.size()))
                .env(Map.of("UPSTREAM_RECORD", record().toString()))
                .timeout(timeout)
                .era(era)
                .build();
        McpClientUpstreams upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(settings))
                .environment(Map.of())
                .startTimeout(Duration.ofSeconds(60))
                .build();
        upstreams.metrics().bindTo(gatewayMeters);
        opened.add(upstreams);
        upstreams.start();
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .pack(new GatewayPack(
                        upstreams,
                        List.of(new GatewayTools.Exposure(
                                "up",
                                "up_",
                                Map.of(),
                                Optional.empty(),
                                Set.of(),
                                Set.of(),
                                timeout))))
                .build();
        opened.add(bulwark);
        gateway = BulwarkHttp.builder(bulwark).port(0).managementPort(0).start();
        opened.add(gateway);
    }

    private McpSyncClient client(List<McpSchema.ProgressNotification> progress) {
        McpSyncClient client = McpClient.sync(
                        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + gateway.port())
                                .endpoint("/mcp")
                                .build())
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .build();
        opened.add(client::closeGracefully);
        client.initialize();
        return client;
    }

    private double eraGauge(String era) {
        return gatewayMeters
                .get("bulwark.upstream.era")
                .tag("upstream", "up")
                .tag("era", era)
                .gauge()
                .value();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text())
                .collect(Collectors.joining("\n"));
    }

    @ParameterizedTest
    @EnumSource(
            value = UpstreamSettings.Era.class,
            names = {"V2026_07_28", "AUTO"})
    void aStdioChildOfBulwarkIsSpokenToIn2026ItsToolsCalledWithProgress(UpstreamSettings.Era era) {
        gateway(era, Duration.ofSeconds(20));
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = client(progress);

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
        assertThat(text(echoed)).contains("over a pipe");
        assertThat(text(counted)).contains("counted");
        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.isEmpty());
        assertThat(progress).singleElement().satisfies(notification -> {
            assertThat(notification.progressToken()).isEqualTo("caller-token");
            assertThat(notification.message()).isEqualTo("half way");
        });
        assertThat(eraGauge("2026-07-28")).isEqualTo(1);
        assertThat(eraGauge("2025-11-25")).isZero();
    }

    @ParameterizedTest
    @EnumSource(
            value = UpstreamSettings.Era.class,
            names = {"V2026_07_28", "AUTO"})
    void aCallPastItsTimeoutIsCancelledOnTheStdioChild(UpstreamSettings.Era era) {
        gateway(era, Duration.ofSeconds(2));
        McpSyncClient client = client(new CopyOnWriteArrayList<>());

        McpSchema.CallToolResult waited = client.callTool(McpSchema.CallToolRequest.builder("up_wait")
                .arguments(Map.of("text", "never answered"))
                .build());

        assertThat(waited.isError()).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(record()).exists().content().contains("cancelled"));
        assertThat(eraGauge("2026-07-28")).isEqualTo(1);
    }
}
