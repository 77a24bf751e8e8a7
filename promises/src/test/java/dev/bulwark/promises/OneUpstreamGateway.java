package dev.bulwark.promises;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A gateway over HTTP on a port of its own in front of one upstream, its tools served as {@code <upstream>_<tool>},
 * with the upstream client's meters in a registry of the test's. Not thread-safe.
 */
final class OneUpstreamGateway implements AutoCloseable {

    private final String upstream;
    private final MeterRegistry meters;
    private final McpClientUpstreams upstreams;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final BulwarkHttp http;

    /**
     * Connects {@code settings}' upstream (waiting at most {@code startTimeout}), then serves its tools.
     *
     * @param meters where the upstream client's meters go
     */
    OneUpstreamGateway(UpstreamSettings settings, Duration startTimeout, MeterRegistry meters) {
        this.upstream = settings.name();
        this.meters = meters;
        upstreams = McpClientUpstreams.builder()
                .upstreams(List.of(settings))
                .environment(Map.of())
                .startTimeout(startTimeout)
                .build();
        upstreams.metrics().bindTo(meters);
        opened.add(upstreams);
        upstreams.start();
        Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .pack(new GatewayPack(
                        upstreams,
                        List.of(new GatewayTools.Exposure(
                                upstream,
                                upstream + "_",
                                Map.of(),
                                Optional.empty(),
                                Set.of(),
                                Set.of(),
                                settings.timeout()))))
                .build();
        opened.add(bulwark);
        http = BulwarkHttp.builder(bulwark).port(0).managementPort(0).start();
        opened.add(http);
    }

    /** The upstream's client side. */
    McpClientUpstreams upstreams() {
        return upstreams;
    }

    /** The gateway's HTTP port; its MCP endpoint is {@code /mcp}. */
    int port() {
        return http.port();
    }

    /** A 2025-11-25 client of the gateway, initialized, that hands each progress notice to {@code progress}. */
    McpSyncClient client(Consumer<McpSchema.ProgressNotification> progress) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port())
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress)
                .build();
        opened.add(client::closeGracefully);
        client.initialize();
        return client;
    }

    /** A 2025-11-25 client of the gateway, initialized, declaring elicitation and answering each with {@code answer}. */
    McpSyncClient elicitingClient(
            java.util.function.Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> answer) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port())
                        .endpoint("/mcp")
                        .build())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(
                        McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(answer)
                .build();
        opened.add(client::closeGracefully);
        client.initialize();
        return client;
    }

    /** The upstream client's {@code bulwark.upstream.era} gauge of {@code era}: 1 while it speaks it. */
    double eraGauge(String era) {
        return meters.get("bulwark.upstream.era")
                .tag("upstream", upstream)
                .tag("era", era)
                .gauge()
                .value();
    }

    /** The text of {@code result}'s content, a line each. */
    static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text())
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
