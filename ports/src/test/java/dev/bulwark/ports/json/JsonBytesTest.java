package dev.bulwark.ports.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

    @Test
    void aLargeTextIsHeldInChunksNoneLargerThanTheLargestAndComesBackWhole() throws IOException {
        byte[] text = new byte[(1 << 20) + 7];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + i % 26);
        }
        JsonBytes.Builder builder = JsonBytes.builder();
        builder.write(text, 0, 5);
        builder.write(text, 5, text.length - 5);
        JsonBytes json = builder.build();

        List<ByteBuffer> chunks = json.buffers();
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.remaining()).isLessThanOrEqualTo(1 << 16));
        assertThat(json.length()).isEqualTo(text.length);
        assertThat(json.toByteArray()).isEqualTo(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(text);
    }

    @Test
    void anAppendedTextIsReferredToNotCopiedAndWhatFollowsItComesAfterIt() {
        byte[] shared = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        JsonBytes tool = JsonBytes.of(shared);

        JsonBytes json = JsonBytes.builder()
                .ascii("[")
                .append(tool)
                .ascii(",")
                .append(tool)
                .ascii("]")
                .build();

        assertThat(json).hasToString("[{\"name\":\"a\"},{\"name\":\"a\"}]");
        assertThat(json.buffers()).filteredOn(chunk -> chunk.array() == shared).hasSize(2);
    }

    @Test
    void eachReaderGetsViewsOfItsOwn() {
        JsonBytes json = JsonBytes.of("{\"é\":1}");
        ByteBuffer first = json.buffers().get(0);
        first.get(new byte[first.remaining()]);

        assertThat(json.buffers().get(0).remaining()).isEqualTo(json.length());
        assertThat(json).hasToString("{\"é\":1}");
    }

    @Test
    void aSliceHoldsOnlyItsBytes() {
        byte[] afterComma = ",{}".getBytes(StandardCharsets.US_ASCII);

        assertThat(JsonBytes.of(afterComma, 1, 2)).hasToString("{}");
        assertThat(JsonBytes.of(afterComma, 1, 2).length()).isEqualTo(2);
        assertThat(JsonBytes.of(afterComma, 0, 0).isEmpty()).isTrue();
    }

    @Test
    void aLoneSurrogateInATextIsWrittenAsItsEscapeAndAPairAsItsFourBytes() {
        assertThat(JsonBytes.of("{\"id\":\"\ud800x\",\"e\":\"😀\",\"l\":\"\udc00\"}"))
                .hasToString("{\"id\":\"\\ud800x\",\"e\":\"😀\",\"l\":\"\\udc00\"}");
        assertThat(JsonBytes.of("😀").length()).isEqualTo(4);
    }

    @Test
    void anEmptyTextHasNoChunks() {
        assertThat(JsonBytes.of("").isEmpty()).isTrue();
        assertThat(JsonBytes.builder().build().buffers()).isEmpty();
        assertThat(JsonBytes.empty()).hasToString("");
    }

    @Test
    void aBuiltBuilderTakesNothingMore() {
        JsonBytes.Builder builder = JsonBytes.builder();
        builder.write('1');
        JsonBytes json = builder.build();

        assertThatThrownBy(() -> builder.write('2')).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.append(json)).isInstanceOf(IllegalStateException.class);
        assertThat(json).hasToString("1");
    }

    @Test
    void aTextEqualsAnotherWithTheSameBytesHoweverChunked() {
        byte[] bytes = new byte[3000];
        Arrays.fill(bytes, (byte) 'x');
        JsonBytes.Builder chunked = JsonBytes.builder();
        chunked.write(bytes, 0, bytes.length);

        assertThat(chunked.build()).isEqualTo(JsonBytes.of(bytes)).hasSameHashCodeAs(JsonBytes.of(bytes));
    }
}
