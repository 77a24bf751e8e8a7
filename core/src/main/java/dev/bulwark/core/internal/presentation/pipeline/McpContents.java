package dev.bulwark.core.internal.presentation.pipeline;

import dev.bulwark.core.Content;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;

/**
 * Translates Bulwark's {@link Content} to the MCP SDK's content types and back, for tool results, prompt messages
 * and sampling answers. Stateless and thread-safe.
 */
public final class McpContents {

    private McpContents() {}

    /** The SDK form of one content item. */
    public static McpSchema.Content toMcp(Content content) {
        if (content instanceof Content.Text text) {
            return McpSchema.TextContent.builder(text.text()).build();
        }
        if (content instanceof Content.Image image) {
            return McpSchema.ImageContent.builder(image.base64Data(), image.mimeType())
                    .build();
        }
        if (content instanceof Content.Audio audio) {
            return McpSchema.AudioContent.builder(audio.base64Data(), audio.mimeType())
                    .build();
        }
        if (content instanceof Content.EmbeddedText embedded) {
            return McpSchema.EmbeddedResource.builder(TextResourceContents.builder(embedded.uri(), embedded.text())
                            .mimeType(embedded.mimeType())
                            .build())
                    .build();
        }
        Content.EmbeddedBlob blob = (Content.EmbeddedBlob) content;
        return McpSchema.EmbeddedResource.builder(BlobResourceContents.builder(blob.uri(), blob.base64Data())
                        .mimeType(blob.mimeType())
                        .build())
                .build();
    }

    /** The SDK form of a list of content items, in order. */
    public static List<McpSchema.Content> toMcp(List<Content> content) {
        return content.stream().map(McpContents::toMcp).toList();
    }

    /** The characters of all the strings of {@code content}: texts, base64 data, URIs and media types. */
    public static long charactersOf(List<Content> content) {
        long chars = 0;
        for (Content item : content) {
            chars += charactersOf(item);
        }
        return chars;
    }

    /** The characters of all the strings of one content item. */
    public static long charactersOf(Content content) {
        if (content instanceof Content.Text text) {
            return text.text().length();
        }
        if (content instanceof Content.Image image) {
            return image.base64Data().length() + image.mimeType().length();
        }
        if (content instanceof Content.Audio audio) {
            return audio.base64Data().length() + audio.mimeType().length();
        }
        if (content instanceof Content.EmbeddedText embedded) {
            return embedded.uri().length()
                    + embedded.mimeType().length()
                    + embedded.text().length();
        }
        Content.EmbeddedBlob blob = (Content.EmbeddedBlob) content;
        return blob.uri().length()
                + blob.mimeType().length()
                + blob.base64Data().length();
    }

    /**
     * Bulwark's form of an SDK content item, as a client sends it in a sampling answer.
     *
     * @throws IllegalArgumentException for a content type Bulwark does not model (resource links)
     */
    public static Content fromMcp(McpSchema.Content content) {
        if (content instanceof McpSchema.TextContent text) {
            return Content.text(text.text());
        }
        if (content instanceof McpSchema.ImageContent image) {
            return new Content.Image(image.data(), image.mimeType());
        }
        if (content instanceof McpSchema.AudioContent audio) {
            return new Content.Audio(audio.data(), audio.mimeType());
        }
        if (content instanceof McpSchema.EmbeddedResource embedded) {
            McpSchema.ResourceContents resource = embedded.resource();
            String mimeType = resource.mimeType() == null ? "application/octet-stream" : resource.mimeType();
            if (resource instanceof TextResourceContents text) {
                return Content.embedded(text.uri(), mimeType, text.text());
            }
            if (resource instanceof BlobResourceContents blob) {
                return new Content.EmbeddedBlob(blob.uri(), mimeType, blob.blob());
            }
        }
        throw new IllegalArgumentException("unsupported content type: " + (content == null ? null : content.type()));
    }
}
