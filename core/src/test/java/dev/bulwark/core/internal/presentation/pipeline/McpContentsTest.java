package dev.bulwark.core.internal.presentation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Content;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpContentsTest {

    private static final List<Content> EVERY_KIND = List.of(
            Content.text("hello"),
            new Content.Image("iVBO", "image/png"),
            new Content.Audio("UklG", "audio/wav"),
            Content.embedded("test://text", "text/plain", "inside"),
            new Content.EmbeddedBlob("test://blob", "image/png", "iVBO"));

    @Test
    void everyKindHasItsMcpType() {
        assertThat(McpContents.toMcp(EVERY_KIND))
                .extracting(McpSchema.Content::type)
                .containsExactly("text", "image", "audio", "resource", "resource");
    }

    @Test
    void embeddedResourcesKeepUriMimeTypeAndPayload() {
        McpSchema.EmbeddedResource text = (McpSchema.EmbeddedResource) McpContents.toMcp(EVERY_KIND.get(3));
        McpSchema.EmbeddedResource blob = (McpSchema.EmbeddedResource) McpContents.toMcp(EVERY_KIND.get(4));

        assertThat(text.resource())
                .isEqualTo(new McpSchema.TextResourceContents("test://text", "text/plain", "inside"));
        assertThat(blob.resource()).isEqualTo(new McpSchema.BlobResourceContents("test://blob", "image/png", "iVBO"));
    }

    @Test
    void everyKindSurvivesTheRoundTrip() {
        assertThat(EVERY_KIND)
                .allSatisfy(content -> assertThat(McpContents.fromMcp(McpContents.toMcp(content)))
                        .isEqualTo(content));
    }

    @Test
    void resourceLinksAreNotModelled() {
        McpSchema.ResourceLink link =
                McpSchema.ResourceLink.builder().uri("test://x").name("x").build();

        assertThatThrownBy(() -> McpContents.fromMcp(link)).isInstanceOf(IllegalArgumentException.class);
    }
}
