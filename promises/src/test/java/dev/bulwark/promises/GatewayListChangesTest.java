package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.Tool;
import dev.bulwark.core.ToolResult;
import dev.bulwark.core.config.BulwarkConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream MCP server in this JVM changes its tool list while the gateway fronts it: the upstream announces it
 * over Streamable HTTP, the gateway reads the list again and its own catalogue follows.
 */
class GatewayListChangesTest {

    private final GatewayStage stage = new GatewayStage();
    private final Bulwark gateway =
            Bulwark.builder(BulwarkConfig.defaults()).pack(stage.pack()).build();

    @AfterEach
    void close() {
        gateway.close();
        stage.close();
    }

    @Test
    void aToolTheUpstreamAddsOrRemovesJoinsOrLeavesTheGatewaysListAndTheChangeIsAnnounced() throws Exception {
        AtomicInteger announced = new AtomicInteger();
        gateway.catalogue().listen(announced::incrementAndGet);
        assertThat(gateway.catalogue().tool("mcp_shout")).isEmpty();

        stage.upstream()
                .catalogue()
                .add(Tool.builder("shout", Stage.Text.class, Stage.Text.class)
                        .description("Says the text back louder")
                        .handler((input, context) ->
                                ToolResult.of(new Stage.Text(input.text().toUpperCase())))
                        .build());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> gateway.catalogue().tool("mcp_shout").isPresent());
        assertThat(announced.get()).isPositive();
        @SuppressWarnings("unchecked") // a gateway tool takes the arguments as a JSON object
        Tool<JsonNode, Object> shout =
                (Tool<JsonNode, Object>) gateway.catalogue().tool("mcp_shout").orElseThrow();
        // its handler alone (the pipeline's promises are the matrix's): it calls the upstream's new tool
        ToolResult<Object> called = shout.handler().handle(new ObjectMapper().valueToTree(Map.of("text", "hi")), null);
        assertThat(called.toString()).contains("HI");

        stage.upstream().catalogue().remove("shout");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> gateway.catalogue().tool("mcp_shout").isEmpty());
        assertThat(gateway.catalogue().tool("mcp_echo")).isPresent();
    }
}
