package dev.bulwark.core;

import java.util.Base64;
import java.util.Objects;

/**
 * One item of what a tool returns, or of a prompt message, as MCP content: text, an image, audio, or a resource
 * embedded by value. Binary data is carried base64-encoded, as on the wire. Immutable values.
 *
 * <pre>{@code
 * ToolResult.ofContent(List.of(
 *         Content.text("The chart:"),
 *         Content.image(pngBytes, "image/png"),
 *         Content.embedded("report://2024/q3", "application/json", json)));
 * }</pre>
 */
public sealed interface Content {

    /** Text content. */
    static Content text(String text) {
        return new Text(text);
    }

    /** An image, from its bytes. */
    static Content image(byte[] data, String mimeType) {
        return new Image(Base64.getEncoder().encodeToString(data), mimeType);
    }

    /** Audio, from its bytes. */
    static Content audio(byte[] data, String mimeType) {
        return new Audio(Base64.getEncoder().encodeToString(data), mimeType);
    }

    /** A text resource embedded by value. */
    static Content embedded(String uri, String mimeType, String text) {
        return new EmbeddedText(uri, mimeType, text);
    }

    /** A binary resource embedded by value, from its bytes. */
    static Content embeddedBlob(String uri, String mimeType, byte[] data) {
        return new EmbeddedBlob(uri, mimeType, Base64.getEncoder().encodeToString(data));
    }

    /**
     * Text content.
     *
     * @param text the text
     */
    record Text(String text) implements Content {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An image.
     *
     * @param base64Data the image bytes, base64-encoded
     * @param mimeType for example {@code image/png}
     */
    record Image(String base64Data, String mimeType) implements Content {
        public Image {
            Objects.requireNonNull(base64Data, "base64Data");
            Objects.requireNonNull(mimeType, "mimeType");
        }
    }

    /**
     * Audio.
     *
     * @param base64Data the audio bytes, base64-encoded
     * @param mimeType for example {@code audio/wav}
     */
    record Audio(String base64Data, String mimeType) implements Content {
        public Audio {
            Objects.requireNonNull(base64Data, "base64Data");
            Objects.requireNonNull(mimeType, "mimeType");
        }
    }

    /**
     * A text resource embedded by value.
     *
     * @param uri the resource's URI
     * @param mimeType the media type of the text
     * @param text the resource's text
     */
    record EmbeddedText(String uri, String mimeType, String text) implements Content {
        public EmbeddedText {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A binary resource embedded by value.
     *
     * @param uri the resource's URI
     * @param mimeType the media type of the data
     * @param base64Data the resource's bytes, base64-encoded
     */
    record EmbeddedBlob(String uri, String mimeType, String base64Data) implements Content {
        public EmbeddedBlob {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(base64Data, "base64Data");
        }
    }
}
