package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tool results as the cache stores them: text a store may keep as UTF-8 bytes (Redis does). */
class CallToolResultCodecTest {

    private final CallToolResultCodec codec = new CallToolResultCodec(new ObjectMapper());

    private static CallToolResult text(String text) {
        return CallToolResult.builder()
                .content(List.of(TextContent.builder(text).build()))
                .build();
    }

    private CallToolResult throughUtf8(CallToolResult result) {
        String stored = new String(codec.encode(result).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return codec.decode(stored);
    }

    @Test
    void aLoneSurrogateSurvivesAStoreThatKeepsUtf8() {
        CallToolResult decoded = throughUtf8(text("a\uD800b"));

        assertThat(((TextContent) decoded.content().get(0)).text()).isEqualTo("a\uD800b");
    }

    @Test
    void aSurrogatePairSurvivesAsItIs() {
        CallToolResult decoded = throughUtf8(text("smile \uD83D\uDE00"));

        assertThat(((TextContent) decoded.content().get(0)).text()).isEqualTo("smile \uD83D\uDE00");
    }
}
