package dev.bulwark.http.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UTF-8 check of a request body as it is read, whatever the reads' sizes. */
class Utf8CheckingInputStreamTest {

    @AfterEach
    void forgetRefusals() {
        InboundMessageMapper.clear();
    }

    /** Reads {@code body} whole through the check, in reads of at most {@code readSize} bytes. */
    private static byte[] readThrough(byte[] body, int readSize) throws IOException {
        Utf8CheckingInputStream checked = new Utf8CheckingInputStream(new BodyStream(body, readSize));
        return checked.readAllBytes();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] join(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    @Test
    void passesUtf8WithEverySequenceSplitBetweenReads() throws IOException {
        byte[] body = "{\"name\":\"é€𝄞\"}".getBytes(StandardCharsets.UTF_8);

        for (int readSize = 1; readSize <= body.length; readSize++) {
            assertThat(readThrough(body, readSize)).as("reads of %d bytes", readSize).isEqualTo(body);
        }
    }

    @Test
    void passesAReplacementCharacterTheClientWrote() throws IOException {
        byte[] body = "{\"name\":\"\uFFFD\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(readThrough(body, 3)).isEqualTo(body);
    }

    @Test
    void refusesALatin1ByteNamingItsOffset() {
        byte[] body = join("{\"name\":\"caf".getBytes(StandardCharsets.US_ASCII), bytes(0xE9, '"', '}'));

        assertThatThrownBy(() -> readThrough(body, 4))
                .isInstanceOf(NotUtf8BodyException.class)
                .hasMessage("Parse error: the body is not valid UTF-8 (the byte at offset 12 starts no valid sequence"
                        + " or breaks one); MCP messages are UTF-8 JSON");
    }

    @Test
    void refusesABodyThatEndsInsideASequence() {
        byte[] body = join("\"€".getBytes(StandardCharsets.UTF_8), bytes(0xE2, 0x82));

        assertThatThrownBy(() -> readThrough(body, 2))
                .isInstanceOf(NotUtf8BodyException.class)
                .hasMessageContaining("offset 4");
    }

    @Test
    void refusesAnOverlongForm() {
        assertThatThrownBy(() -> readThrough(bytes('"', 0xC0, 0xAF, '"'), 8))
                .isInstanceOf(NotUtf8BodyException.class);
    }

    @Test
    void refusesAnEncodedSurrogate() {
        assertThatThrownBy(() -> readThrough(bytes('"', 0xED, 0xA0, 0x80, '"'), 8))
                .isInstanceOf(NotUtf8BodyException.class);
    }

    @Test
    void keepsTheParseErrorForTheTransportsAnswer() {
        assertThatThrownBy(() -> readThrough(bytes('"', 0xFF, '"'), 8)).isInstanceOf(NotUtf8BodyException.class);

        InboundMessageMapper.Refusal refusal = InboundMessageMapper.takeRefusal();
        assertThat(refusal.code()).isEqualTo(JsonRpcErrors.PARSE_ERROR);
        assertThat(refusal.id()).isNull();
        assertThat(refusal.message()).startsWith("Parse error: the body is not valid UTF-8 (the byte at offset 1 ");
    }

    @Test
    void singleByteReadsAreCheckedToo() {
        Utf8CheckingInputStream checked = new Utf8CheckingInputStream(new BodyStream(bytes('"', 0xFF), 8));

        assertThatThrownBy(() -> {
            while (checked.read() != -1) {
                // read on
            }
        }).isInstanceOf(NotUtf8BodyException.class);
    }

    /** A body delivered in reads of at most {@code readSize} bytes, as a network might. */
    private static final class BodyStream extends ServletInputStream {
        private final InputStream in;
        private final int readSize;

        BodyStream(byte[] body, int readSize) {
            this.in = new ByteArrayInputStream(body);
            this.readSize = readSize;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] bytes, int off, int len) throws IOException {
            return in.read(bytes, off, Math.min(len, readSize));
        }

        @Override
        public boolean isFinished() {
            try {
                return in.available() == 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
