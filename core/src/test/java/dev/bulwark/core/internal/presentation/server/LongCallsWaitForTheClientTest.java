package dev.bulwark.core.internal.presentation.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.AppView;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Extension;
import dev.bulwark.core.ExtensionMethod;
import dev.bulwark.core.McpApps;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.core.config.LimitSettings;
import dev.bulwark.core.internal.presentation.tool.ServerFeatures;
import dev.bulwark.ports.security.Principal;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call allowed longer than every tool (an extension's method, a view's or an extension's read) waits for the
 * client's answer to its sampling request as long as it may run, not as long as the longest tool.
 */
class LongCallsWaitForTheClientTest {

    /** Every tool's deadline: short, so that the client's answer comes after it. */
    private static final Duration TOOL_TIMEOUT = Duration.ofMillis(500);
    /** The deadline of the calls allowed longer than every tool. */
    private static final Duration LONG = Duration.ofSeconds(30);

    /** Never opened: the client answers when its wait for it ends, well past {@link #TOOL_TIMEOUT}. */
    private final CountDownLatch never = new CountDownLatch(1);

    private Bulwark bulwark;
    private McpSyncClient client;

    @AfterEach
    void close() {
        never.countDown();
        if (client != null) {
            client.closeGracefully();
        }
        if (bulwark != null) {
            bulwark.close();
        }
    }

    @Test
    void aViewAllowedLongerThanEveryToolGetsTheClientsAnswerThatComesPastTheToolsTimeout() {
        bulwark = Bulwark.builder(BulwarkConfig.defaults().toBuilder()
                        .limits(LimitSettings.builder()
                                .toolTimeout(TOOL_TIMEOUT)
                                .build())
                        .build())
                .tool(quickTool())
                .extension(McpApps.extension(AppView.of(
                                "ui://ask/view.html",
                                "Ask",
                                "Asks the client's model",
                                context -> "<p>" + context.sample("hi", 50).text() + "</p>")
                        .withTimeout(LONG)))
                .build();

        McpSchema.ReadResourceResult read =
                connect().readResource(new McpSchema.ReadResourceRequest("ui://ask/view.html"));

        assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text())
                .isEqualTo("<p>late but in time</p>");
    }

    @Test
    void theLongestCallIsTheLongestOfTheToolsTheMethodsTheViewsAndTheReads() {
        ServerFeatures features = ServerFeatures.builder().tool(quickTool()).build();
        Extension method = Extension.builder("com.example/methods")
                .method(new ExtensionMethod("methods/long", (params, context) -> Map.of())
                        .withTimeout(Duration.ofMinutes(2)))
                .build();
        Extension reads = Extension.builder("com.example/reads")
                .resources("notes://", (params, context) -> Map.of())
                .resourceTimeout(Duration.ofMinutes(3))
                .build();
        Extension view =
                McpApps.extension(AppView.of("ui://long/view.html", "Long", "A long view", context -> "<p>long</p>")
                        .withTimeout(Duration.ofMinutes(4)));

        assertThat(McpServerAssembler.longestCallTimeout(TOOL_TIMEOUT, features, List.of()))
                .isEqualTo(TOOL_TIMEOUT);
        assertThat(McpServerAssembler.longestCallTimeout(TOOL_TIMEOUT, features, List.of(method)))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(McpServerAssembler.longestCallTimeout(TOOL_TIMEOUT, features, List.of(method, reads)))
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(McpServerAssembler.longestCallTimeout(TOOL_TIMEOUT, features, List.of(view, method, reads)))
                .isEqualTo(Duration.ofMinutes(4));
    }

    private static Tool<Map, Void> quickTool() {
        return Tool.builder("quick", Map.class, Void.class)
                .description("Answers at once")
                .handler((input, context) -> ToolResult.text("quick"))
                .build();
    }

    /** A client whose model answers a sampling request three tool timeouts late. */
    private McpSyncClient connect() {
        InMemoryTransport transport = new InMemoryTransport(bulwark.jsonMapper());
        bulwark.serve(transport, Principal.of("operator", Principal.ALL_SCOPES));
        client = McpClient.sync(transport.newClient())
                .requestTimeout(LONG)
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> {
                    try {
                        never.await(TOOL_TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "late but in time", "m")
                            .build();
                })
                .build();
        client.initialize();
        return client;
    }
}
