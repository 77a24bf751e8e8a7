package dev.bulwark.stdio;

import static dev.bulwark.stdio.BoundedLineReader.END_OF_INPUT;
import static dev.bulwark.stdio.BoundedLineReader.TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    /** Reads every line, rendering a too-long line as "<too long>". */
    private static List<String> lines(String input, int limit) throws IOException {
        return lines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), limit);
    }

    private static List<String> lines(InputStream input, int limit) throws IOException {
        BoundedLineReader reader = new BoundedLineReader(input, limit);
        List<String> lines = new ArrayList<>();
        int length;
        while ((length = reader.readLine()) != END_OF_INPUT) {
            lines.add(
                    length == TOO_LONG ? "<too long>" : new String(reader.buffer(), 0, length, StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void splitsOnNewlineAndDropsACarriageReturnBeforeIt() throws IOException {
        assertThat(lines("a\nbb\r\n\nc\r\r\n", 10)).containsExactly("a", "bb", "", "c\r");
    }

    @Test
    void keepsAnUnterminatedLastLine() throws IOException {
        assertThat(lines("a\nlast", 10)).containsExactly("a", "last");
    }

    @Test
    void acceptsALineOfExactlyTheLimitWithOrWithoutCarriageReturn() throws IOException {
        assertThat(lines("12345\n12345\r\n123456\n", 5)).containsExactly("12345", "12345", "<too long>");
    }

    @Test
    void skipsALongLineAcrossManyChunksAndContinues() throws IOException {
        String longLine = "z".repeat(100_000);

        assertThat(lines("ok\n" + longLine + "\nnext\n" + longLine, 1000))
                .containsExactly("ok", "<too long>", "next", "<too long>");
    }

    @Test
    void readsLinesDeliveredOneByteAtATime() throws IOException {
        InputStream trickle = new ByteArrayInputStream("one\r\ntwo\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        assertThat(lines(trickle, 3)).containsExactly("one", "two");
    }

    @Test
    void doesNotReadAgainAfterEndOfInput() throws IOException {
        int[] reads = {0};
        InputStream empty = new InputStream() {
            @Override
            public int read() {
                reads[0]++;
                return -1;
            }
        };
        BoundedLineReader reader = new BoundedLineReader(empty, 10);

        assertThat(reader.readLine()).isEqualTo(END_OF_INPUT);
        assertThat(reader.readLine()).isEqualTo(END_OF_INPUT);
        assertThat(reads[0]).isEqualTo(1);
    }

    @Test
    void rejectsANonPositiveLimit() {
        InputStream empty = InputStream.nullInputStream();

        assertThatThrownBy(() -> new BoundedLineReader(empty, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
