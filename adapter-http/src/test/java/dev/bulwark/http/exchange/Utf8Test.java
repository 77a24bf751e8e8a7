package dev.bulwark.http.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Where the JDK's strict UTF-8 decoder finds the first malformed input, or -1. */
    private static int jdkFirstInvalid(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : -1;
    }

    @Test
    void utf8OfEveryLengthPasses() {
        assertThat(Utf8.firstInvalid("{\"name\":\"é€𝄞\uFFFD\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
    }

    @Test
    void aLatin1ByteIsFoundAtItsOffset() {
        byte[] body = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(Utf8.firstInvalid(body)).isEqualTo(12);
    }

    @Test
    void aSequenceCutOffAtTheEndIsFoundAtItsStart() {
        byte[] euro = "\"€".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[euro.length + 2];
        System.arraycopy(euro, 0, body, 0, euro.length);
        body[euro.length] = (byte) 0xE2;
        body[euro.length + 1] = (byte) 0x82;

        assertThat(Utf8.firstInvalid(body)).isEqualTo(4);
    }

    @Test
    void overlongFormsEncodedSurrogatesAndCodePointsPastTheLastAreRefused() {
        assertThat(Utf8.firstInvalid(bytes('"', 0xC0, 0xAF, '"'))).isEqualTo(1);
        assertThat(Utf8.firstInvalid(bytes('"', 0xE0, 0x80, 0xAF, '"'))).isEqualTo(1);
        assertThat(Utf8.firstInvalid(bytes('"', 0xED, 0xA0, 0x80, '"'))).isEqualTo(1);
        assertThat(Utf8.firstInvalid(bytes('"', 0xF4, 0x90, 0x80, 0x80, '"'))).isEqualTo(1);
        assertThat(Utf8.firstInvalid(bytes('"', 0xFF, '"'))).isEqualTo(1);
    }

    @Test
    void findsWhatTheJdksStrictDecoderFindsOnRandomBytes() {
        Random random = new Random(23);
        int[] interesting = {
            0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x90, 0xA0,
            0x9F
        };
        for (int run = 0; run < 20_000; run++) {
            byte[] bytes = new byte[1 + random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte)
                        (random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
            }

            assertThat(Utf8.firstInvalid(bytes))
                    .as("bytes %s", java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkFirstInvalid(bytes));
        }
    }
}
