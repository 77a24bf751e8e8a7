package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentTest {

    private static final byte[] BYTES = "bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void mediaFromBytesIsBase64Encoded() {
        assertThat(Content.image(BYTES, "image/png")).isEqualTo(new Content.Image("Ynl0ZXM=", "image/png"));
        assertThat(Content.audio(BYTES, "audio/wav")).isEqualTo(new Content.Audio("Ynl0ZXM=", "audio/wav"));
        assertThat(Content.embeddedBlob("file://x", "application/octet-stream", BYTES))
                .isEqualTo(new Content.EmbeddedBlob("file://x", "application/octet-stream", "Ynl0ZXM="));
    }

    @Test
    void embeddedTextKeepsUriTypeAndText() {
        assertThat(Content.embedded("test://r", "text/plain", "hi"))
                .isEqualTo(new Content.EmbeddedText("test://r", "text/plain", "hi"));
    }

    @Test
    void everyPartIsRequired() {
        assertThatThrownBy(() -> Content.text(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Content.Image("x", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Content.embedded(null, "text/plain", "x")).isInstanceOf(NullPointerException.class);
    }
}
